// SPDX-License-Identifier: GPL-2.0
/*
 * tquic: /proc/net/tquic/ of each netns.
 */
#include <linux/proc_fs.h>
#include <linux/seq_file.h>

#include "tquic.h"

static int tquic_stats_show(struct seq_file *seq, void *v)
{
	struct tquic_net *tn = tquic_net(seq_file_single_net(seq));
	u64 vals[TQUIC_MIB_NUM];
	int i;

	tquic_mib_fold(tn, vals);
	for (i = 0; i < TQUIC_MIB_NUM; i++)
		seq_printf(seq, "%s %llu\n", tquic_mib_names[i], vals[i]);
	return 0;
}

int tquic_proc_init_net(struct net *net)
{
	struct tquic_net *tn = tquic_net(net);

	if (!IS_ENABLED(CONFIG_PROC_FS))
		return 0;
	tn->proc_dir = proc_net_mkdir(net, "tquic", net->proc_net);
	if (!tn->proc_dir)
		return -ENOMEM;
	if (!proc_create_net_single("stats", 0444, tn->proc_dir,
				    tquic_stats_show, NULL)) {
		proc_remove(tn->proc_dir);
		return -ENOMEM;
	}
	return 0;
}

void tquic_proc_exit_net(struct net *net)
{
	proc_remove(tquic_net(net)->proc_dir);
}
