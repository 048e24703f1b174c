// SPDX-License-Identifier: GPL-2.0
/*
 * tquic: the packet scheduler registry, per-connection instances, the
 * select entry point (backup tier, requested duplicates) and the helpers
 * the schedulers share.
 */
#include <linux/module.h>
#include <linux/string.h>

#include "sched.h"

struct tquic_alg_registry tquic_sched_registry;

int tquic_sched_register(struct tquic_sched_ops *ops)
{
	if (!ops->select)
		return -EINVAL;
	return tquic_alg_register(&tquic_sched_registry, &ops->alg);
}
EXPORT_SYMBOL_GPL(tquic_sched_register);

void tquic_sched_unregister(struct tquic_sched_ops *ops)
{
	tquic_alg_unregister(&tquic_sched_registry, &ops->alg);
}
EXPORT_SYMBOL_GPL(tquic_sched_unregister);

/**
 * tquic_sched_init - attach a scheduler to a connection
 * @s: instance to initialise
 * @name: scheduler name
 *
 * Return: 0, or -ENOENT when no scheduler of that name is registered.
 */
int tquic_sched_init(struct tquic_sched *s, const char *name)
{
	struct tquic_alg *alg = tquic_alg_get(&tquic_sched_registry, name);

	if (!alg)
		return -ENOENT;
	memset(s, 0, sizeof(*s));
	s->ops = container_of(alg, struct tquic_sched_ops, alg);
	return 0;
}

void tquic_sched_release(struct tquic_sched *s)
{
	if (s->ops)
		tquic_alg_put(&s->ops->alg);
	s->ops = NULL;
}

/**
 * tquic_sched_backup_only - whether backup paths may carry data
 * @paths: the paths offered to the scheduler
 * @n: their number
 *
 * Return: true when no usable path is a non-backup path.
 */
bool tquic_sched_backup_only(const struct tquic_sched_path *paths,
			     unsigned int n)
{
	unsigned int i;

	for (i = 0; i < n; i++)
		if (paths[i].usable && !paths[i].backup)
			return false;
	return true;
}
EXPORT_SYMBOL_GPL(tquic_sched_backup_only);

/**
 * tquic_sched_lowest_rtt - the eligible path with the lowest smoothed RTT
 * @paths: the paths
 * @n: their number
 * @backup_only: from tquic_sched_backup_only()
 * @bytes: packet size, for the window check
 * @need_room: only paths with window room for @bytes
 * @except: index to skip, or -1
 *
 * Unmeasured paths rank last; ties go to the lower index.
 *
 * Return: the index, or -1.
 */
int tquic_sched_lowest_rtt(const struct tquic_sched_path *paths,
			   unsigned int n, bool backup_only, u32 bytes,
			   bool need_room, int except)
{
	int best = -1;
	unsigned int i;

	for (i = 0; i < n; i++) {
		if (i == except || !tquic_sched_eligible(&paths[i], backup_only))
			continue;
		if (need_room && !tquic_sched_path_has_room(&paths[i], bytes))
			continue;
		if (best < 0 || tquic_sched_rtt_key(&paths[i]) <
				tquic_sched_rtt_key(&paths[best]))
			best = i;
	}
	return best;
}
EXPORT_SYMBOL_GPL(tquic_sched_lowest_rtt);

/**
 * tquic_sched_fast_slow - the paths BLEST and ECF decide between
 * @paths: the paths
 * @n: their number
 * @bytes: packet size
 * @fast: gets x_f, the eligible path with the lowest smoothed RTT
 * @slow: gets x_s, the fastest other eligible path with window room when
 *	x_f has none; -1 when x_f has room (send on it)
 *
 * Return: 0, -EAGAIN when x_f is full and no other path has room, or
 * -ENETUNREACH when no path is usable.
 */
int tquic_sched_fast_slow(const struct tquic_sched_path *paths,
			  unsigned int n, u32 bytes, int *fast, int *slow)
{
	bool backup_only = tquic_sched_backup_only(paths, n);

	*slow = -1;
	*fast = tquic_sched_lowest_rtt(paths, n, backup_only, bytes, false,
				       -1);
	if (*fast < 0)
		return tquic_sched_no_room_error(paths, n);
	if (tquic_sched_path_has_room(&paths[*fast], bytes))
		return 0;
	*slow = tquic_sched_lowest_rtt(paths, n, backup_only, bytes, true,
				       *fast);
	return *slow < 0 ? -EAGAIN : 0;
}
EXPORT_SYMBOL_GPL(tquic_sched_fast_slow);

/**
 * tquic_sched_others_with_room - the paths a copy can go to
 * @paths: the paths
 * @n: their number (at most TQUIC_SCHED_MAX_PATHS)
 * @backup_only: from tquic_sched_backup_only()
 * @bytes: packet size
 * @except: the primary path
 *
 * Return: bitmask of the eligible paths other than @except with window
 * room for @bytes.
 */
u32 tquic_sched_others_with_room(const struct tquic_sched_path *paths,
				 unsigned int n, bool backup_only, u32 bytes,
				 int except)
{
	unsigned int i;
	u32 mask = 0;

	for (i = 0; i < n; i++)
		if (i != except && tquic_sched_can_send(&paths[i], backup_only,
							bytes))
			mask |= BIT(i);
	return mask;
}
EXPORT_SYMBOL_GPL(tquic_sched_others_with_room);

/**
 * tquic_sched_no_room_error - why no path could take a packet
 * @paths: the paths offered to the scheduler
 * @n: their number
 *
 * Return: -EAGAIN when some path is usable (its window is full), else
 * -ENETUNREACH.
 */
int tquic_sched_no_room_error(const struct tquic_sched_path *paths,
			      unsigned int n)
{
	unsigned int i;

	for (i = 0; i < n; i++)
		if (paths[i].usable)
			return -EAGAIN;
	return -ENETUNREACH;
}
EXPORT_SYMBOL_GPL(tquic_sched_no_room_error);

/**
 * tquic_sched_select - place one packet (see sched.h for the contract)
 * @s: the connection's scheduler
 * @paths: snapshot of the connection's paths
 * @n: their number; only the first TQUIC_SCHED_MAX_PATHS are considered
 * @ctx: the packet; @ctx->dup is set on return
 *
 * Return: the primary path's index, -EAGAIN or -ENETUNREACH.
 */
int tquic_sched_select(struct tquic_sched *s,
		       const struct tquic_sched_path *paths, unsigned int n,
		       struct tquic_sched_ctx *ctx)
{
	int ret;

	n = min_t(unsigned int, n, TQUIC_SCHED_MAX_PATHS);
	ctx->dup = 0;
	ret = s->ops->select(s, paths, n, ctx);
	if (ret < 0) {
		ctx->dup = 0;
		return ret;
	}
	if (ctx->flags & (TQUIC_SCHED_F_INTERACTIVE | TQUIC_SCHED_F_DUPLICATE))
		ctx->dup |= tquic_sched_others_with_room(paths, n,
				tquic_sched_backup_only(paths, n),
				ctx->bytes, ret);
	ctx->dup &= ~BIT(ret);
	return ret;
}
EXPORT_SYMBOL_GPL(tquic_sched_select);

static struct tquic_sched_ops *tquic_sched_builtins[] = {
	&tquic_sched_minrtt,
	&tquic_sched_roundrobin,
	&tquic_sched_weighted,
	&tquic_sched_blest,
	&tquic_sched_ecf,
	&tquic_sched_redundant,
};

int tquic_sched_builtin_init(void)
{
	int err, i;

	tquic_alg_registry_init(&tquic_sched_registry);
	for (i = 0; i < ARRAY_SIZE(tquic_sched_builtins); i++) {
		err = tquic_sched_register(tquic_sched_builtins[i]);
		if (err)
			goto unwind;
	}
	return 0;

unwind:
	while (--i >= 0)
		tquic_sched_unregister(tquic_sched_builtins[i]);
	return err;
}

void tquic_sched_builtin_exit(void)
{
	int i;

	for (i = ARRAY_SIZE(tquic_sched_builtins) - 1; i >= 0; i--)
		tquic_sched_unregister(tquic_sched_builtins[i]);
}
