// SPDX-License-Identifier: GPL-2.0
/*
 * oxtunnel: the OxTunnel IP tunnel netdevice - module glue.
 */
#include <linux/module.h>
#include <net/genetlink.h>
#include <net/rtnetlink.h>

#include "oxtunnel.h"

static int __init oxt_init(void)
{
	int err;

	err = oxt_crypt_init();
	if (err)
		return err;
	err = oxt_pernet_init();
	if (err)
		goto err_crypt;
	err = rtnl_link_register(&oxt_link_ops);
	if (err)
		goto err_pernet;
	err = oxt_genl_init();
	if (err)
		goto err_link;
	pr_info("oxtunnel " OXT_VERSION " loaded\n");
	return 0;

err_link:
	rtnl_link_unregister(&oxt_link_ops);
err_pernet:
	oxt_pernet_exit();
err_crypt:
	oxt_crypt_exit();
	return err;
}

static void __exit oxt_exit(void)
{
	oxt_genl_exit();
	rtnl_link_unregister(&oxt_link_ops);
	oxt_pernet_exit();
	/* Keypairs and peers are freed by RCU callbacks. */
	rcu_barrier();
	oxt_crypt_exit();
}

module_init(oxt_init);
module_exit(oxt_exit);

MODULE_LICENSE("GPL");
MODULE_AUTHOR("The tquic authors");
MODULE_DESCRIPTION("OxTunnel IP tunnel netdevice");
MODULE_VERSION(OXT_VERSION);
MODULE_ALIAS_RTNL_LINK(OXT_LINK_KIND);
MODULE_ALIAS_GENL_FAMILY(OXT_GENL_NAME);
