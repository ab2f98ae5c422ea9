/* SPDX-License-Identifier: GPL-2.0 */
/* Differences between the kernel versions nflb builds against (6.1, 6.12). */
#ifndef _NFLB_COMPAT_H
#define _NFLB_COMPAT_H

#include <linux/capability.h>
#include <linux/user_namespace.h>
#include <linux/version.h>
#include <net/genetlink.h>
#include <net/sock.h>

/* The segmentation helpers left skbuff.h for their own header in 6.5. */
#if LINUX_VERSION_CODE >= KERNEL_VERSION(6, 5, 0)
#include <net/gso.h>
#endif

/* The request attributes of a dump: moved into struct genl_info in 6.5. */
static inline struct nlattr **nflb_dump_attrs(struct netlink_callback *cb)
{
#if LINUX_VERSION_CODE >= KERNEL_VERSION(6, 5, 0)
	return genl_info_dump(cb)->attrs;
#else
	return genl_dumpit_info(cb)->attrs;
#endif
}

/*
 * Change events go only where the commands would: to listeners whose
 * socket was opened with CAP_NET_ADMIN in the initial user namespace.
 * Joining the group (GENL_MCAST_CAP_NET_ADMIN) asks for it only over the
 * namespace's own user namespace, which is the same thing where the
 * initial user namespace owns the network namespace, not where a user
 * namespace made it: its root could join. A multicast can skip listeners
 * one by one since 6.8; before, no event is sent in such a namespace.
 */
#if LINUX_VERSION_CODE >= KERNEL_VERSION(6, 8, 0)
static inline int nflb_listener_not_admin(struct sock *dsk, struct sk_buff *skb,
					  void *data)
{
	return !file_ns_capable(dsk->sk_socket->file, &init_user_ns,
				CAP_NET_ADMIN);
}

static inline bool nflb_events_may_go(const struct net *net)
{
	return true;
}

static inline void nflb_multicast_admin(const struct genl_family *family,
					struct net *net, struct sk_buff *skb,
					gfp_t gfp)
{
	genlmsg_multicast_netns_filtered(family, net, skb, 0, 0, gfp,
					 nflb_listener_not_admin, NULL);
}
#else
static inline bool nflb_events_may_go(const struct net *net)
{
	return net->user_ns == &init_user_ns;
}

static inline void nflb_multicast_admin(const struct genl_family *family,
					struct net *net, struct sk_buff *skb,
					gfp_t gfp)
{
	genlmsg_multicast_netns(family, net, skb, 0, 0, gfp);
}
#endif

#endif /* _NFLB_COMPAT_H */
