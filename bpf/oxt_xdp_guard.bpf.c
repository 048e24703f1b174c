// SPDX-License-Identifier: GPL-2.0
/*
 * oxt_xdp_guard: XDP in front of oxtunnel on the WAN NIC.  UDP datagrams
 * to the OxTunnel port that cannot be OxTunnel packets - shorter than the
 * 9-byte header, a wrong magic, unknown flag bits, or a payload length
 * that disagrees with the datagram (a header shared by GSO segments has
 * length 0) - are dropped before the stack spends anything on them.
 * Everything else passes.  Drops are counted per
 * reason in the per-CPU array "oxt_guard_stats" (index enum below).
 *
 * The port (default 51820) is a read-only global set by the loader
 * (bpftool/libbpf: .rodata "oxt_port").
 */
#include <linux/bpf.h>
#include <linux/if_ether.h>
#include <linux/in.h>
#include <linux/ip.h>
#include <linux/ipv6.h>
#include <linux/udp.h>
#include <bpf/bpf_endian.h>
#include <bpf/bpf_helpers.h>

#include "oxt_wire.h"

enum {
	OXT_GUARD_PASS,		/* well-formed, passed */
	OXT_GUARD_SHORT,	/* shorter than the OxTunnel header */
	OXT_GUARD_MAGIC,	/* wrong magic */
	OXT_GUARD_FLAGS,	/* unknown flag bits */
	OXT_GUARD_LENGTH,	/* payload length != datagram */
	OXT_GUARD_NUM
};

struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, OXT_GUARD_NUM);
	__type(key, __u32);
	__type(value, __u64);
} oxt_guard_stats SEC(".maps");

const volatile __u16 oxt_port = 51820;

static __always_inline int oxt_count(__u32 reason, int verdict)
{
	__u64 *v = bpf_map_lookup_elem(&oxt_guard_stats, &reason);

	if (v)
		*v += 1;
	return verdict;
}

/* @udp points at a bounds-checked UDP header. */
static __always_inline int oxt_check_udp(struct udphdr *udp, void *end)
{
	struct oxt_hdr *h = (void *)(udp + 1);
	__u16 ulen = bpf_ntohs(udp->len);

	if (udp->dest != bpf_htons(oxt_port))
		return XDP_PASS;
	if ((void *)(h + 1) > end || ulen < sizeof(*udp) + OXT_HDR_LEN)
		return oxt_count(OXT_GUARD_SHORT, XDP_DROP);
	if (h->magic != bpf_htons(OXT_MAGIC))
		return oxt_count(OXT_GUARD_MAGIC, XDP_DROP);
	if (h->flags & ~OXT_F_KNOWN)
		return oxt_count(OXT_GUARD_FLAGS, XDP_DROP);
	if (h->flags & OXT_F_SHARED ? h->len != 0 :
	    bpf_ntohs(h->len) != ulen - sizeof(*udp) - OXT_HDR_LEN)
		return oxt_count(OXT_GUARD_LENGTH, XDP_DROP);
	return oxt_count(OXT_GUARD_PASS, XDP_PASS);
}

SEC("xdp")
int oxt_xdp_guard(struct xdp_md *ctx)
{
	void *data = (void *)(long)ctx->data;
	void *end = (void *)(long)ctx->data_end;
	struct ethhdr *eth = data;
	struct udphdr *udp;

	if ((void *)(eth + 1) > end)
		return XDP_PASS;
	if (eth->h_proto == bpf_htons(ETH_P_IP)) {
		struct iphdr *ip = (void *)(eth + 1);

		if ((void *)(ip + 1) > end || ip->protocol != IPPROTO_UDP ||
		    ip->ihl < 5)
			return XDP_PASS;
		/* Fragments other than the first carry no UDP header. */
		if (ip->frag_off & bpf_htons(0x1fff))
			return XDP_PASS;
		udp = (void *)ip + ip->ihl * 4;
	} else if (eth->h_proto == bpf_htons(ETH_P_IPV6)) {
		struct ipv6hdr *ip6 = (void *)(eth + 1);

		/* Extension headers: not ours to judge, pass. */
		if ((void *)(ip6 + 1) > end || ip6->nexthdr != IPPROTO_UDP)
			return XDP_PASS;
		udp = (void *)(ip6 + 1);
	} else {
		return XDP_PASS;
	}
	if ((void *)(udp + 1) > end)
		return XDP_PASS;
	return oxt_check_udp(udp, end);
}

char _license[] SEC("license") = "GPL";
