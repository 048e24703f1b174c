/* SPDX-License-Identifier: GPL-2.0 */
/*
 * tquic: the bare connection the KUnit suites build theirs on.
 */
#ifndef _TQUIC_KUNIT_CONN_H
#define _TQUIC_KUNIT_CONN_H

#include <kunit/test.h>
#include <net/net_namespace.h>

#include "conn.h"

/**
 * tquic_kunit_conn() - a zeroed connection in init_net, freed with the
 *	test, whose one path (path 0) sends in the application space
 * @test: the test
 *
 * Return: the connection; the test aborts when it cannot be allocated.
 */
static inline struct tquic_conn *tquic_kunit_conn(struct kunit *test)
{
	struct tquic_conn *c = kunit_kzalloc(test, sizeof(*c), GFP_KERNEL);

	KUNIT_ASSERT_NOT_NULL(test, c);
	c->net = &init_net;
	c->path = &c->path0;
	c->path0.sp = &c->space[TQUIC_LEVEL_APP];
	c->mp.paths[0] = &c->path0;
	return c;
}

#endif /* _TQUIC_KUNIT_CONN_H */
