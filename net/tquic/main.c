// SPDX-License-Identifier: GPL-2.0
/*
 * tquic: QUIC transport with multipath in the kernel - module glue and
 * per-netns state.
 */
#include <linux/module.h>
#include <net/genetlink.h>
#include <net/net_namespace.h>
#include <net/ipv6_stubs.h>
#include <net/udp.h>

#include "conn.h"
#include "cong.h"
#include "reset.h"
#include "sched.h"
#include "token.h"
#include "tquic.h"

unsigned int tquic_net_id __read_mostly;
struct workqueue_struct *tquic_wq;
/* Receive work on its reader's CPU (rxwork.c); long crypto work there
 * must not hold back the CPU's other work items
 */
struct workqueue_struct *tquic_rx_wq;

static int __net_init tquic_net_init(struct net *net)
{
	struct tquic_net *tn = tquic_net(net);
	int err;

	tn->params = tquic_default_params;
	spin_lock_init(&tn->alg_lock);
	mutex_init(&tn->udp_lock);
	INIT_LIST_HEAD(&tn->udp_socks);

	atomic_set(&tn->nconns, 0);
	tquic_conntab_init(tn);
	tquic_endpoints_init(tn);
	err = tquic_cid_table_init(tn);
	if (err)
		return err;
	err = tquic_reset_init_net(tn);
	if (err)
		goto err_cids;
	err = tquic_mib_init(tn);
	if (err)
		goto err_reset;
	err = tquic_sysctl_init_net(net);
	if (err)
		goto err_mib;
	err = tquic_proc_init_net(net);
	if (err)
		goto err_sysctl;
	err = tquic_token_init(tn);
	if (err)
		goto err_proc;
	return 0;

err_proc:
	tquic_proc_exit_net(net);

err_sysctl:
	tquic_sysctl_exit_net(net);
err_mib:
	tquic_mib_exit(tn);
err_reset:
	tquic_reset_exit_net(tn);
err_cids:
	tquic_cid_table_exit(tn);
	return err;
}

static void __net_exit tquic_net_exit(struct net *net)
{
	struct tquic_net *tn = tquic_net(net);

	/* QUIC sockets hold the netns: none can be bound any more. */
	WARN_ON_ONCE(!list_empty(&tn->udp_socks));
	tquic_token_exit(tn);
	tquic_proc_exit_net(net);
	tquic_sysctl_exit_net(net);
	tquic_mib_exit(tn);
	tquic_reset_exit_net(tn);
	tquic_cid_table_exit(tn);
	tquic_endpoints_flush(tn);
	tquic_conntab_exit(tn);
}

static struct pernet_operations tquic_net_ops = {
	.init = tquic_net_init,
	.exit = tquic_net_exit,
	.id = &tquic_net_id,
	.size = sizeof(struct tquic_net),
};

/* UDP's encapsulation static keys stay on while tquic is loaded: every
 * path and every bound address opens and closes a UDP tunnel socket, and
 * each first one and last one would patch kernel text (a CPU running
 * udp_destroy_sock() met the patching's int3 under QEMU TCG).  The IPv6
 * key has no disable; it stays on, as after any IPv6 UDP tunnel.
 */
static void tquic_udp_keys_hold(void)
{
	udp_encap_enable();
#if IS_ENABLED(CONFIG_IPV6)
	if (ipv6_stub && ipv6_stub->udpv6_encap_enable)
		ipv6_stub->udpv6_encap_enable();
#endif
}

static int __init tquic_init(void)
{
	int err;

	tquic_wq = alloc_workqueue("tquic", WQ_UNBOUND, 0);
	if (!tquic_wq)
		return -ENOMEM;
	tquic_rx_wq = alloc_workqueue("tquic_rx", WQ_CPU_INTENSIVE, 0);
	if (!tquic_rx_wq) {
		err = -ENOMEM;
		goto err_wq;
	}
	err = tquic_cc_builtin_init();
	if (err)
		goto err_rx_wq;
	err = tquic_sched_builtin_init();
	if (err)
		goto err_cc;
	err = register_pernet_subsys(&tquic_net_ops);
	if (err)
		goto err_sched;
	err = tquic_genl_init();
	if (err)
		goto err_pernet;
	err = tquic_socket_init();
	if (err)
		goto err_genl;
	tquic_udp_keys_hold();
	pr_info("tquic " TQUIC_VERSION " loaded\n");
	return 0;

err_genl:
	tquic_genl_exit();
err_pernet:
	unregister_pernet_subsys(&tquic_net_ops);
err_sched:
	tquic_sched_builtin_exit();
err_cc:
	tquic_cc_builtin_exit();
err_rx_wq:
	destroy_workqueue(tquic_rx_wq);
err_wq:
	destroy_workqueue(tquic_wq);
	return err;
}

static void __exit tquic_exit(void)
{
	udp_encap_disable();
	tquic_socket_exit();
	tquic_genl_exit();
	unregister_pernet_subsys(&tquic_net_ops);
	tquic_sched_builtin_exit();
	tquic_cc_builtin_exit();
	destroy_workqueue(tquic_rx_wq);	/* its work may queue on tquic_wq */
	destroy_workqueue(tquic_wq);
}

module_init(tquic_init);
module_exit(tquic_exit);

MODULE_LICENSE("GPL");
MODULE_AUTHOR("The tquic authors");
MODULE_DESCRIPTION("QUIC transport with multipath in the kernel");
MODULE_VERSION(TQUIC_VERSION);
MODULE_IMPORT_NS(CRYPTO_INTERNAL);	/* crypto_cipher, for header protection */
MODULE_ALIAS_GENL_FAMILY(TQUIC_GENL_NAME);
