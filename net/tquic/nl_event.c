// SPDX-License-Identifier: GPL-2.0
/*
 * tquic: TQUIC_CMD_EVENT notifications on the "events" multicast group -
 * connections established and closed, paths up, validated, down and
 * failed.  Sent from wherever the connection's state changes (process or
 * softirq context, under the connection's socket lock), so allocations
 * are atomic; nothing is built while nobody listens.
 */
#include "conn.h"
#include "nl.h"
#include "tquic.h"

static struct sk_buff *tquic_nl_event_new(struct tquic_conn *c, u8 event,
					  struct tquic_path *path, void **hdr)
{
	struct sk_buff *skb;

	if (!genl_has_listeners(&tquic_genl_family, c->net,
				TQUIC_NL_MCGRP_EVENTS))
		return NULL;
	skb = genlmsg_new(NLMSG_DEFAULT_SIZE, GFP_ATOMIC);
	if (!skb)
		return NULL;
	*hdr = genlmsg_put(skb, 0, 0, &tquic_genl_family, 0, TQUIC_CMD_EVENT);
	if (!*hdr ||
	    nla_put_u8(skb, TQUIC_A_EVENT, event) ||
	    nla_put_u32(skb, TQUIC_A_CONN_ID, c->id) ||
	    nla_put_u8(skb, TQUIC_A_CONN_ROLE, c->is_server ?
		       TQUIC_ROLE_SERVER : TQUIC_ROLE_CLIENT) ||
	    tquic_nl_put_addr(skb, TQUIC_A_LOCAL, &path->local, 0) ||
	    tquic_nl_put_addr(skb, TQUIC_A_PEER, &path->peer, 0)) {
		nlmsg_free(skb);
		return NULL;
	}
	return skb;
}

static void tquic_nl_event_send(struct tquic_conn *c, struct sk_buff *skb,
				void *hdr)
{
	genlmsg_end(skb, hdr);
	genlmsg_multicast_netns(&tquic_genl_family, c->net, skb, 0,
				TQUIC_NL_MCGRP_EVENTS, GFP_ATOMIC);
}

/**
 * tquic_nl_conn_event - tell the "events" group about @c
 * @c: connection (its socket lock held)
 * @event: TQUIC_NL_EVENT_CONN_ESTABLISHED or TQUIC_NL_EVENT_CONN_CLOSED
 *	(with the close error code and whether it is an application's)
 */
void tquic_nl_conn_event(struct tquic_conn *c, u8 event)
{
	struct sk_buff *skb;
	void *hdr;

	skb = tquic_nl_event_new(c, event, &c->path0, &hdr);
	if (!skb)
		return;
	if (event == TQUIC_NL_EVENT_CONN_CLOSED &&
	    (nla_put_u64_64bit(skb, TQUIC_A_CONN_ERROR, c->close_error,
			       TQUIC_A_PAD) ||
	     nla_put_u8(skb, TQUIC_A_CONN_ERROR_APP, c->close_app))) {
		nlmsg_free(skb);
		return;
	}
	tquic_nl_event_send(c, skb, hdr);
}

/**
 * tquic_nl_path_event - tell the "events" group about a path of @c
 * @c: connection (its socket lock held)
 * @path: the path
 * @event: TQUIC_NL_EVENT_PATH_UP (opened, validation starts),
 *	TQUIC_NL_EVENT_PATH_VALIDATED, TQUIC_NL_EVENT_PATH_DOWN (closed) or
 *	TQUIC_NL_EVENT_PATH_FAILED
 */
void tquic_nl_path_event(struct tquic_conn *c, struct tquic_path *path,
			 u8 event)
{
	struct sk_buff *skb;
	void *hdr;

	skb = tquic_nl_event_new(c, event, path, &hdr);
	if (!skb)
		return;
	if (nla_put_u32(skb, TQUIC_A_PATH_ID, path->id)) {
		nlmsg_free(skb);
		return;
	}
	tquic_nl_event_send(c, skb, hdr);
}
