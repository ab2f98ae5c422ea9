// SPDX-License-Identifier: GPL-2.0
/* nflb: module init and exit, per-namespace state. */
#include <linux/module.h>
#include <net/genetlink.h>
#include <net/net_namespace.h>
#include <net/netns/generic.h>

#include "nflb.h"

struct nflb_objects nflb_objects;
static unsigned int nflb_net_id __read_mostly;

struct nflb_net *nflb_pernet(const struct net *net)
{
	return net_generic(net, nflb_net_id);
}

static int __net_init nflb_net_init(struct net *net)
{
	struct nflb_net *nn = nflb_pernet(net);
	int err;

	nn->net = net;
	mutex_init(&nn->lock);
	nn->timeouts = nflb_default_timeouts;

	err = nflb_service_net_init(nn);
	if (err)
		return err;
	err = nflb_persist_net_init(nn);
	if (err)
		goto err_service;
	err = nflb_conn_net_init(nn);
	if (err)
		goto err_persist;
	err = nflb_hooks_net_init(nn);
	if (err)
		goto err_conn;
	nflb_est_net_init(nn);
	return 0;

err_conn:
	nflb_conn_net_exit(nn);
err_persist:
	nflb_persist_net_exit(nn);
err_service:
	nflb_service_net_exit(nn);
	return err;
}

/*
 * The hooks go first: the namespace core waits for a grace period between
 * pre_exit and exit (for all the namespaces it takes down at once, and
 * when the module unloads), so that no hook still runs on another CPU
 * when exit frees the tables and nn itself.
 */
static void __net_exit nflb_net_pre_exit(struct net *net)
{
	nflb_hooks_net_exit(nflb_pernet(net));
}

static void __net_exit nflb_net_exit(struct net *net)
{
	struct nflb_net *nn = nflb_pernet(net);

	nflb_est_net_exit(nn);
	nflb_memcg_release(nn);
	nflb_conn_net_exit(nn);
	nflb_persist_net_exit(nn);
	nflb_service_net_exit(nn);
}

static struct pernet_operations nflb_net_ops = {
	.init = nflb_net_init,
	.pre_exit = nflb_net_pre_exit,
	.exit = nflb_net_exit,
	.id = &nflb_net_id,
	.size = sizeof(struct nflb_net),
};

static s64 objects_left(atomic64_t *alloc, atomic64_t *freed)
{
	return atomic64_read(alloc) - atomic64_read(freed);
}

static s64 nflb_objects_live(void)
{
	return objects_left(&nflb_objects.svc_alloc, &nflb_objects.svc_free) +
	       objects_left(&nflb_objects.dest_alloc, &nflb_objects.dest_free) +
	       objects_left(&nflb_objects.conn_alloc, &nflb_objects.conn_free) +
	       objects_left(&nflb_objects.persist_alloc,
			    &nflb_objects.persist_free);
}

static int __init nflb_init(void)
{
	int err;

	err = nflb_conn_init();
	if (err)
		return err;
	err = register_pernet_subsys(&nflb_net_ops);
	if (err)
		goto err_conn;
	err = nflb_netlink_init();
	if (err)
		goto err_pernet;
	pr_info("version " NFLB_VERSION " loaded\n");
	return 0;

err_pernet:
	unregister_pernet_subsys(&nflb_net_ops);
err_conn:
	nflb_conn_uninit();
	return err;
}

static void __exit nflb_exit(void)
{
	int i;

	nflb_netlink_uninit();
	unregister_pernet_subsys(&nflb_net_ops);
	/* Freeing a connection puts its template, its dest, which puts its
	 * service: each step queues the next RCU callback.
	 */
	for (i = 0; i < 4; i++)
		rcu_barrier();
	nflb_conn_uninit();
	nflb_conntrack_exit();
	pr_info("unloaded: objects created/freed: services %lld/%lld dests %lld/%lld conns %lld/%lld templates %lld/%lld, leaked %lld\n",
		atomic64_read(&nflb_objects.svc_alloc),
		atomic64_read(&nflb_objects.svc_free),
		atomic64_read(&nflb_objects.dest_alloc),
		atomic64_read(&nflb_objects.dest_free),
		atomic64_read(&nflb_objects.conn_alloc),
		atomic64_read(&nflb_objects.conn_free),
		atomic64_read(&nflb_objects.persist_alloc),
		atomic64_read(&nflb_objects.persist_free), nflb_objects_live());
}

module_init(nflb_init);
module_exit(nflb_exit);
MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("Layer-4 load balancer with iptables-compatible filtering");
MODULE_VERSION(NFLB_VERSION);
MODULE_ALIAS_GENL_FAMILY(NFLB_GENL_NAME);
