// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit tests of the replay window.
 */
#include <kunit/test.h>

#include "replay.h"

#define LIMIT	(U32_MAX - 8192ULL)

static void replay_in_order_and_dup(struct kunit *test)
{
	struct oxt_replay *r = kunit_kzalloc(test, sizeof(*r), GFP_KERNEL);
	u64 i;

	KUNIT_ASSERT_NOT_NULL(test, r);
	oxt_replay_init(r);
	for (i = 0; i < 10000; i++)
		KUNIT_ASSERT_TRUE(test, oxt_replay_check(r, i, LIMIT));
	for (i = 10000 - OXT_REPLAY_WINDOW; i < 10000; i++)
		KUNIT_ASSERT_FALSE(test, oxt_replay_check(r, i, LIMIT));
	/* Far behind the window. */
	KUNIT_EXPECT_FALSE(test, oxt_replay_check(r, 0, LIMIT));
	KUNIT_EXPECT_FALSE(test, oxt_replay_check(r, 5000, LIMIT));
}

static void replay_out_of_order(struct kunit *test)
{
	struct oxt_replay *r = kunit_kzalloc(test, sizeof(*r), GFP_KERNEL);
	u64 i;

	KUNIT_ASSERT_NOT_NULL(test, r);
	oxt_replay_init(r);
	/* Even numbers first, then odd ones: all new once. */
	for (i = 0; i < OXT_REPLAY_WINDOW; i += 2)
		KUNIT_ASSERT_TRUE(test, oxt_replay_check(r, i, LIMIT));
	for (i = 1; i < OXT_REPLAY_WINDOW; i += 2)
		KUNIT_ASSERT_TRUE(test, oxt_replay_check(r, i, LIMIT));
	for (i = 0; i < OXT_REPLAY_WINDOW; i++)
		KUNIT_ASSERT_FALSE(test, oxt_replay_check(r, i, LIMIT));

	/* A jump ahead: the window (at least 2048) still takes old ones. */
	oxt_replay_init(r);
	KUNIT_EXPECT_TRUE(test, oxt_replay_check(r, 100000, LIMIT));
	KUNIT_EXPECT_TRUE(test, oxt_replay_check(r, 100000 - 2048, LIMIT));
	KUNIT_EXPECT_TRUE(test, oxt_replay_check(r,
						 100000 - OXT_REPLAY_WINDOW,
						 LIMIT));
	KUNIT_EXPECT_FALSE(test, oxt_replay_check(r,
						  100000 - OXT_REPLAY_WINDOW - 1,
						  LIMIT));
	KUNIT_EXPECT_FALSE(test, oxt_replay_check(r, 100000 - 2048, LIMIT));
	/* A jump further than the whole ring clears it. */
	KUNIT_EXPECT_TRUE(test, oxt_replay_check(r, 1000000, LIMIT));
	KUNIT_EXPECT_TRUE(test, oxt_replay_check(r, 1000000 - 1, LIMIT));
	KUNIT_EXPECT_TRUE(test, oxt_replay_check(r, 1000000 - 4000, LIMIT));
	KUNIT_EXPECT_FALSE(test, oxt_replay_check(r, 1000000, LIMIT));
}

static void replay_limit(struct kunit *test)
{
	struct oxt_replay *r = kunit_kzalloc(test, sizeof(*r), GFP_KERNEL);

	KUNIT_ASSERT_NOT_NULL(test, r);
	oxt_replay_init(r);
	KUNIT_EXPECT_TRUE(test, oxt_replay_check(r, LIMIT - 1, LIMIT));
	KUNIT_EXPECT_FALSE(test, oxt_replay_check(r, LIMIT, LIMIT));
	KUNIT_EXPECT_FALSE(test, oxt_replay_check(r, U64_MAX, LIMIT));
	KUNIT_EXPECT_TRUE(test, oxt_replay_check(r, LIMIT - 2, LIMIT));
}

/* Shared headers: the same number many times, never when too old, and
 * it still moves the window for the others.
 */
static void replay_shared(struct kunit *test)
{
	struct oxt_replay *r = kunit_kzalloc(test, sizeof(*r), GFP_KERNEL);
	int i;

	KUNIT_ASSERT_NOT_NULL(test, r);
	oxt_replay_init(r);
	for (i = 0; i < 45; i++)
		KUNIT_ASSERT_TRUE(test, oxt_replay_check_shared(r, 100, LIMIT));
	KUNIT_EXPECT_FALSE(test, oxt_replay_check(r, 100, LIMIT));
	KUNIT_EXPECT_TRUE(test, oxt_replay_check(r, 99, LIMIT));
	KUNIT_EXPECT_TRUE(test, oxt_replay_check_shared(r, 50000, LIMIT));
	KUNIT_EXPECT_FALSE(test, oxt_replay_check_shared(r, 100, LIMIT));
	KUNIT_EXPECT_FALSE(test, oxt_replay_check(r, 50000, LIMIT));
	KUNIT_EXPECT_TRUE(test, oxt_replay_check_shared(r, 49000, LIMIT));
	KUNIT_EXPECT_TRUE(test, oxt_replay_check_shared(r, 49000, LIMIT));
	KUNIT_EXPECT_FALSE(test, oxt_replay_check_shared(r, LIMIT, LIMIT));
}

static struct kunit_case oxt_replay_cases[] = {
	KUNIT_CASE(replay_in_order_and_dup),
	KUNIT_CASE(replay_out_of_order),
	KUNIT_CASE(replay_limit),
	KUNIT_CASE(replay_shared),
	{}
};

static struct kunit_suite oxt_replay_suite = {
	.name = "oxtunnel_replay",
	.test_cases = oxt_replay_cases,
};

kunit_test_suites(&oxt_replay_suite);
