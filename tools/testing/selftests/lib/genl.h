/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Raw generic netlink for the C selftests (no libnl in the guest): open a
 * socket, resolve a family, send a request, collect the replies and the
 * extended-ack message.
 */
#ifndef _TQUIC_SELFTEST_GENL_H
#define _TQUIC_SELFTEST_GENL_H

#include <linux/genetlink.h>
#include <linux/netlink.h>
#include <stddef.h>
#include <stdint.h>

#define GENL_BUF	32768

struct genl_sock {
	int fd;
	uint32_t seq;
};

struct genl_req {
	union {
		struct nlmsghdr nlh;
		char buf[4096];
	};
};

/* Replies of one request: the messages, and the error/ack. */
struct genl_reply {
	char buf[GENL_BUF * 4];
	size_t len;		/* bytes of data messages in buf */
	int nmsgs;
	int error;		/* 0 or -errno from the kernel */
	char extack[256];
};

int genl_open(struct genl_sock *g);
void genl_close(struct genl_sock *g);
int genl_family(struct genl_sock *g, const char *name, uint16_t *id,
		uint32_t *version);
void genl_req_init(struct genl_req *r, uint16_t family, uint8_t cmd,
		   uint8_t version, uint16_t flags);
struct nlattr *genl_put(struct genl_req *r, uint16_t type, const void *data,
			size_t len);
void genl_put_u8(struct genl_req *r, uint16_t type, uint8_t v);
void genl_put_u16(struct genl_req *r, uint16_t type, uint16_t v);
void genl_put_u32(struct genl_req *r, uint16_t type, uint32_t v);
void genl_put_u64(struct genl_req *r, uint16_t type, uint64_t v);
void genl_put_str(struct genl_req *r, uint16_t type, const char *s);
struct nlattr *genl_nest_start(struct genl_req *r, uint16_t type);
void genl_nest_end(struct genl_req *r, struct nlattr *nest);
int genl_call(struct genl_sock *g, struct genl_req *r, struct genl_reply *rep);
/* The id of multicast group @group of family @name, or a negative errno. */
int genl_mcast_group(struct genl_sock *g, const char *name, const char *group);

/* Iterate the data messages of a reply. */
struct nlmsghdr *genl_reply_msg(struct genl_reply *rep, int i);
/* Attributes of a genl message / of a nest, indexed by type (<= max). */
int genl_msg_attrs(struct nlmsghdr *nlh, struct nlattr **tb, int max);
int genl_nest_attrs(struct nlattr *nest, struct nlattr **tb, int max);

static inline void *genl_attr_data(struct nlattr *a)
{
	return (char *)a + NLA_HDRLEN;
}

static inline int genl_attr_len(struct nlattr *a)
{
	return a->nla_len - NLA_HDRLEN;
}

#endif /* _TQUIC_SELFTEST_GENL_H */
