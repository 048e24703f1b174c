/* SPDX-License-Identifier: GPL-2.0 */
/*
 * tquic: connection IDs.
 */
#ifndef _TQUIC_CID_H
#define _TQUIC_CID_H

#include <linux/types.h>

#include "packet.h"

/**
 * struct tquic_cid - a connection ID; the unused bytes stay zero (it is
 *	also a hash key)
 * @len: length, 0-20
 * @id: bytes
 */
struct tquic_cid {
	u8 len;
	u8 id[TQUIC_CID_MAX];
};

#endif /* _TQUIC_CID_H */
