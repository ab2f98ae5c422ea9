/* SPDX-License-Identifier: GPL-2.0 */
/*
 * nflb internal objects: per-namespace state, services, destinations,
 * connections, and the functions each file offers the others.
 *
 * Lifetimes: a connection holds a reference on its destination, a
 * destination on its service. Objects are unlinked under the namespace's
 * mutex (control plane) or by the connection collector, and freed after an
 * RCU grace period once the last reference is gone, so the packet path
 * only ever needs rcu_read_lock().
 */
#ifndef _NFLB_NFLB_H
#define _NFLB_NFLB_H

#include <linux/mutex.h>
#include <linux/netfilter.h>
#include <linux/percpu.h>
#include <linux/refcount.h>
#include <linux/rhashtable.h>
#include <linux/sched/mm.h>
#include <linux/u64_stats_sync.h>
#include <linux/workqueue.h>
#include <linux/xarray.h>

#include "compat.h"
#include "conn_state.h"
#include "pure.h"
#include "uapi/nflb.h"

struct nflb_stats {
	u64 conns;
	u64 inpkts;
	u64 outpkts;
	u64 inbytes;
	u64 outbytes;
};

struct nflb_stats_pcpu {
	struct nflb_stats s;
	struct u64_stats_sync syncp;
};

/* estimator.c: scaled averages, under nn->lock. */
struct nflb_est {
	struct nflb_stats last;
	u64 cps, inpps, outpps, inbps, outbps;
};

/* Per second, as reported. */
struct nflb_rates {
	u64 cps, inpps, outpps, inbps, outbps;
};

/* Objects alive in all namespaces; equal to zero once everything is gone. */
struct nflb_objects {
	atomic64_t svc_alloc, svc_free;
	atomic64_t dest_alloc, dest_free;
	atomic64_t conn_alloc, conn_free;
	atomic64_t persist_alloc, persist_free;
};

extern struct nflb_objects nflb_objects;

struct nflb_net {
	struct net *net;
	struct mutex lock; /* serialises every change of services */
	struct rhashtable svc_table; /* key: struct nflb_svc_key */
	struct xarray svc_ids; /* id -> service, the order of dumps */
	u32 svc_count;
	u32 fwmark_svc_count; /* new flows wait for the mangle table */
	bool defrag; /* nf_defrag_ipv4 and _ipv6 on (defrag.c) */
	/* Under lock: its services (published or not) and their
	 * destinations, for --info.
	 */
	u32 svc_held;
	u32 dest_held;
	unsigned int gen; /* bumped on every change, for dump consistency */

	struct rhashtable conn_table; /* key: struct nflb_tuple, both dirs */
	atomic_t conn_count;
	atomic64_t conn_refused; /* new connections over conn_max */
	struct delayed_work conn_gc;
	struct rhashtable_iter conn_gc_iter; /* where the collector goes on */
	struct delayed_work est_work; /* rates, every two seconds */
	struct rhashtable persist_table; /* persistence templates */
	atomic_t persist_count;
	struct rhashtable_iter persist_gc_iter; /* where the collector goes on */
	struct nflb_timeouts timeouts;
	struct mem_cgroup *memcg; /* pays for new flows (memcg.c) */

	/* IPv4 and IPv6: in, marked in, out, local in */
	struct nf_hook_ops hooks[8];
};

struct nflb_net *nflb_pernet(const struct net *net);

/* Service identity; zero-filled before use so that it hashes bytewise. */
/* A firewall-mark service's key has only af and fwmark. */
struct nflb_svc_key {
	union nf_inet_addr addr;
	__be16 port;
	u8 proto;
	u8 af;
	u32 fwmark;
};

struct nflb_dest;

/*
 * A service's destinations as the scheduler sees them: an immutable
 * snapshot, rebuilt and republished under RCU on every change, with the
 * scheduler's lookup table (if any) built for it.
 */
struct nflb_dest_set {
	struct rcu_head rcu;
	const struct nflb_sched_ops *sched; /* the one it was built for */
	u32 n;
	u32 flags; /* the service's enum nflb_svc_flags */
	u32 table_size; /* slots of table */
	struct nflb_sched_entry *e;
	struct nflb_dest **dest;
	u32 *table;
};

struct nflb_sched_ops;

/* A service's settings besides its key; which ones a change carries. */
struct nflb_svc_conf {
	char sched[NFLB_SCHED_NAME_MAX];
	u32 flags; /* enum nflb_svc_flags */
	u32 table_size; /* mh slots, 0 for the default */
	u32 timeout; /* persistence, seconds */
	__be32 netmask; /* persistence: IPv4 mask, or IPv6 prefix length */
	u8 no_backend; /* enum nflb_no_backend */
};

/* The flags a service's scheduler reads from its destination set. */
#define NFLB_SVC_F_SCHED_MASK \
	(NFLB_SVC_F_SCHED1 | NFLB_SVC_F_SCHED2 | NFLB_SVC_F_SCHED3)

enum nflb_svc_conf_bits {
	NFLB_SVC_CONF_SCHED = 1 << 0,
	NFLB_SVC_CONF_FLAGS = 1 << 1,
	NFLB_SVC_CONF_TABLE_SIZE = 1 << 2,
	NFLB_SVC_CONF_TIMEOUT = 1 << 3,
	NFLB_SVC_CONF_NETMASK = 1 << 4,
	NFLB_SVC_CONF_NO_BACKEND = 1 << 5,
	NFLB_SVC_CONF_ALL = (1 << 6) - 1,
};

struct nflb_service {
	struct rhash_head node;
	struct nflb_svc_key key;
	u32 flags; /* enum nflb_svc_flags */
	u32 table_size; /* as configured; 0 for the scheduler's default */
	u32 timeout; /* persistence, seconds */
	__be32 netmask; /* persistence: IPv4 mask, or IPv6 prefix length */
	u8 no_backend; /* enum nflb_no_backend */
	u32 id;
	refcount_t refcnt;
	struct nflb_net *nn;
	struct list_head dests; /* under nn->lock, in configured order */
	u32 dest_count;
	bool published; /* in svc_table, seen by packets */
	struct list_head batch; /* change.c's, while a commit holds nn->lock */
	struct nflb_dest_set __rcu *set;

	spinlock_t sched_lock; /* guards sched and sched_state */
	const struct nflb_sched_ops *sched;
	void *sched_state;

	struct nflb_stats_pcpu __percpu *stats;
	struct nflb_est est;
	struct rcu_head rcu;
};

struct nflb_dest {
	struct list_head list; /* in svc->dests while configured */
	union nf_inet_addr addr;
	__be16 port;
	u8 af;
	u8 fwd; /* enum nflb_fwd */
	u8 tun_type; /* enum nflb_tun_type */
	u16 tun_flags; /* enum nflb_tun_flags */
	__be16 tun_port; /* GUE */
	u32 weight;
	u32 last_weight; /* the latest non-zero weight */
	unsigned long flags; /* enum nflb_dest_flag_bits */
	u32 u_thresh;
	u32 l_thresh;
	atomic_t active_conns;
	atomic_t inact_conns;
	atomic_t persist_conns; /* persistence templates naming it */
	refcount_t refcnt;
	struct nflb_service *svc; /* holds a reference */
	struct nflb_stats_pcpu __percpu *stats;
	struct nflb_est est;
	struct rcu_head rcu;
};

enum nflb_dest_flag_bits {
	NFLB_DEST_OVERLOAD, /* at its upper threshold: no new connections */
	NFLB_DEST_REMOVED, /* deleted: its connections live on borrowed time */
};

static inline u32 nflb_set_active(const struct nflb_dest_set *set, u32 i)
{
	return atomic_read(&set->dest[i]->active_conns);
}

static inline u32 nflb_set_inactive(const struct nflb_dest_set *set, u32 i)
{
	return atomic_read(&set->dest[i]->inact_conns);
}

static inline bool nflb_set_overloaded(const struct nflb_dest_set *set, u32 i)
{
	return test_bit(NFLB_DEST_OVERLOAD, &set->dest[i]->flags);
}

/* A connection's tuple in one direction; zero-filled before use. */
struct nflb_tuple {
	union nf_inet_addr src;
	union nf_inet_addr dst;
	__be16 sport;
	__be16 dport;
	u8 proto;
	u8 af;
	u16 pad;
};

enum nflb_conn_flag_bits {
	NFLB_CONN_DEAD, /* unlinked, waiting for RCU */
	NFLB_CONN_ACTIVE, /* counted in dest->active_conns */
	/* Replies bypass the director (direct routing, tunnel): the reply
	 * tuple is not hashed and TCP state follows the client alone.
	 */
	NFLB_CONN_ONE_WAY,
	/* Full NAT: the reply tuple's destination is a director address. */
	NFLB_CONN_FULLNAT,
	/*
	 * One-packet scheduling (-o): made for one UDP datagram, never
	 * hashed, freed once it is sent (nflb_conn_release_one_packet()).
	 */
	NFLB_CONN_ONE_PACKET,
	/* A one-way UDP flow's first datagram was counted. */
	NFLB_CONN_SEEN,
	/*
	 * Proven a real flow, as conntrack's ASSURED: TCP or SCTP reached
	 * ESTABLISHED, UDP was answered (or, when replies bypass the
	 * director, sent a second datagram). A full table makes room by
	 * ending connections that are not.
	 */
	NFLB_CONN_ASSURED,
};

/*
 * A connection is hashed by its tuple from the client (orig_node) and,
 * under NAT, by the reply tuple from the real server (reply_node). Only
 * the first is stored: the reply tuple follows from it and the
 * destination (nflb_conn_reply()), which keeps a connection at 120 bytes.
 * The byte after each node says which node it is (nflb_conn_of_node()).
 */
struct nflb_conn {
	struct rhash_head orig_node;
	u8 orig_dir; /* NFLB_DIR_ORIG */
	u8 state;
	u8 fwd; /* the destination's method when the connection began */
	spinlock_t lock; /* guards state */
	struct nflb_tuple tuple; /* from the client */
	struct rhash_head reply_node;
	u8 reply_dir; /* NFLB_DIR_REPLY */
	struct nflb_dest *dest; /* holds a reference */
	struct nflb_persist *persist; /* its template, holds a reference */
	unsigned long expires; /* jiffies */
	unsigned long flags;
	struct rcu_head rcu;
};

/* A full-NAT connection: where its replies go, on the director. */
struct nflb_conn_fullnat {
	struct nflb_conn conn;
	union nf_inet_addr daddr;
	__be16 dport;
};

/* A persistence template (persist.c). */
struct nflb_persist_key {
	union nf_inet_addr caddr; /* the client's address, masked */
	u32 svc_id;
	u8 af;
	u8 pad[3];
};

struct nflb_persist {
	struct rhash_head node;
	struct nflb_persist_key key;
	struct nflb_dest *dest; /* holds a reference */
	unsigned long expires; /* jiffies */
	unsigned long flags; /* NFLB_PERSIST_DEAD */
	refcount_t refcnt;
	struct rcu_head rcu;
};

#define NFLB_PERSIST_DEAD 0 /* unlinked from the table */
/* A connection it started was answered (IPVS's "ASSURED" template). */
#define NFLB_PERSIST_ASSURED 1
/* Found by a flow besides the one it was made for. */
#define NFLB_PERSIST_SHARED 2

/* What the hooks learned of a packet. */
struct nflb_pkt {
	struct nflb_tuple tuple;
	unsigned int l4off;
	u8 tcp_flags;
	u8 sctp_chunk; /* the type of the chunk that moves the state */
	u32 len;
};

/* sctp_nat.c: len is the SCTP packet's, l4 its offset in skb->data. */
struct sctphdr;
void nflb_sctp_nat_port(struct sk_buff *skb, struct sctphdr *sh, __be16 *pport,
			__be16 port, unsigned int len);
bool nflb_sctp_nat_hide_addresses(struct sk_buff *skb, unsigned int l4,
				  unsigned int len);

/* sctp_abort.c: answer pkt, an INIT, with an ABORT. */
void nflb_sctp_abort(struct net *net, struct sk_buff *oldskb,
		     const struct nflb_pkt *pkt);

/* estimator.c */
void nflb_est_net_init(struct nflb_net *nn);
void nflb_est_net_exit(struct nflb_net *nn);
void nflb_est_read(const struct nflb_est *e, struct nflb_rates *r);
void nflb_est_zero(struct nflb_est *e);

/* stats.c */
struct nflb_stats_pcpu __percpu *nflb_stats_alloc(void);
void nflb_stats_free(struct nflb_stats_pcpu __percpu *stats);
void nflb_stats_read(struct nflb_stats_pcpu __percpu *stats,
		     struct nflb_stats *sum);
void nflb_stats_zero(struct nflb_stats_pcpu __percpu *stats);

static inline void nflb_stats_new_conn(struct nflb_stats_pcpu __percpu *stats)
{
	struct nflb_stats_pcpu *s = this_cpu_ptr(stats);

	u64_stats_update_begin(&s->syncp);
	s->s.conns++;
	u64_stats_update_end(&s->syncp);
}

static inline void nflb_stats_add(struct nflb_stats_pcpu __percpu *stats,
				  bool in, u32 bytes)
{
	struct nflb_stats_pcpu *s = this_cpu_ptr(stats);

	u64_stats_update_begin(&s->syncp);
	if (in) {
		s->s.inpkts++;
		s->s.inbytes += bytes;
	} else {
		s->s.outpkts++;
		s->s.outbytes += bytes;
	}
	u64_stats_update_end(&s->syncp);
}

/* service.c */
int nflb_service_net_init(struct nflb_net *nn);
void nflb_service_net_exit(struct nflb_net *nn);
struct nflb_service *nflb_service_lookup(struct nflb_net *nn,
					 const struct nflb_svc_key *key);
struct nflb_service *nflb_service_find(struct nflb_net *nn,
				       const struct nflb_svc_key *key);
struct nflb_service *nflb_service_create(struct nflb_net *nn,
					 const struct nflb_svc_key *key,
					 const struct nflb_svc_conf *conf,
					 u32 which,
					 struct netlink_ext_ack *extack);
int nflb_service_publish(struct nflb_service *svc, struct nflb_service *old);
int nflb_service_edit(struct nflb_service *svc,
		      const struct nflb_svc_conf *conf, u32 which,
		      struct netlink_ext_ack *extack);
void nflb_service_del(struct nflb_service *svc);
struct nflb_sched_ops;
int nflb_service_check_conf(const struct nflb_svc_conf *conf,
			    const struct nflb_svc_key *key,
			    const struct nflb_sched_ops **sched,
			    struct netlink_ext_ack *extack);
int nflb_service_check_size(const struct nflb_sched_ops *sched, u32 table_size,
			    u32 n, struct netlink_ext_ack *extack);
void nflb_svc_conf_new(u8 af, const struct nflb_svc_conf *given, u32 which,
		       struct nflb_svc_conf *conf);
void nflb_svc_conf_edit(const struct nflb_svc_conf *cur,
			const struct nflb_svc_conf *given, u32 which,
			struct nflb_svc_conf *next);
void nflb_service_conf(const struct nflb_service *svc,
		       struct nflb_svc_conf *conf);
void nflb_service_flush(struct nflb_net *nn);
void nflb_service_put(struct nflb_service *svc);
int nflb_service_rebuild_set(struct nflb_service *svc, bool must_succeed,
			     struct netlink_ext_ack *extack);
struct nflb_sched_flow;
struct nflb_dest *nflb_service_schedule(struct nflb_service *svc,
					const struct nflb_sched_flow *flow);

/* dest.c */
struct nflb_dest_conf {
	union nf_inet_addr addr;
	__be16 port;
	u8 fwd;
	u8 tun_type;
	u16 tun_flags;
	__be16 tun_port;
	u32 weight;
	u32 u_thresh;
	u32 l_thresh;
};

/*
 * What a request says of a destination: its key (given.addr, given.port)
 * and the settings of given that which names.
 */
struct nflb_dest_req {
	struct nflb_dest_conf given;
	u32 which; /* enum nflb_dest_req_bits */
};

enum nflb_dest_req_bits {
	NFLB_DEST_REQ_FWD = 1 << 0,
	NFLB_DEST_REQ_WEIGHT = 1 << 1,
	NFLB_DEST_REQ_U_THRESH = 1 << 2,
	NFLB_DEST_REQ_L_THRESH = 1 << 3,
	NFLB_DEST_REQ_TUNNEL = 1 << 4, /* tun_type, tun_port, tun_flags */
};

struct nflb_dest *nflb_dest_find(struct nflb_service *svc,
				 const union nf_inet_addr *addr, __be16 port);
int nflb_dest_check_conf(__be16 vport, const struct nflb_dest_conf *conf,
			 struct netlink_ext_ack *extack);
void nflb_dest_conf(const struct nflb_dest *dest, struct nflb_dest_conf *conf);
void nflb_dest_conf_resolve(const struct nflb_dest_conf *base,
			    const struct nflb_dest_req *req,
			    struct nflb_dest_conf *conf);
int nflb_dest_add(struct nflb_service *svc, const struct nflb_dest_conf *conf,
		  struct netlink_ext_ack *extack);
int nflb_dest_edit(struct nflb_dest *dest, const struct nflb_dest_conf *conf,
		   struct netlink_ext_ack *extack);
void nflb_dest_unlink(struct nflb_dest *dest);
void nflb_dest_release(struct nflb_dest *dest);
void nflb_dest_del(struct nflb_dest *dest);
void nflb_dest_put(struct nflb_dest *dest);
bool nflb_dest_get(struct nflb_dest *dest);
void nflb_dest_conn_bound(struct nflb_dest *dest);
void nflb_dest_conn_unbound(struct nflb_dest *dest);

/* conn.c */
int nflb_conn_init(void);
void nflb_conn_uninit(void);
u32 nflb_conn_tab_size(void);
u32 nflb_conn_max(void);
int nflb_conn_net_init(struct nflb_net *nn);
void nflb_conn_net_exit(struct nflb_net *nn);
struct nflb_conn *nflb_conn_lookup(struct nflb_net *nn,
				   const struct nflb_tuple *tuple, u8 *dir);
struct nflb_persist;
bool nflb_conn_room(struct nflb_net *nn, const struct nflb_tuple *tuple);
struct nflb_conn *nflb_conn_new(struct nflb_net *nn, struct nflb_dest *dest,
				const struct nflb_pkt *pkt,
				const union nf_inet_addr *fullnat_src,
				struct nflb_persist *persist, bool one_packet);
void nflb_conn_release_one_packet(struct nflb_conn *conn);
void nflb_conn_update(struct nflb_net *nn, struct nflb_conn *conn, u8 dir,
		      const struct nflb_pkt *pkt);
void nflb_conn_expire(struct nflb_net *nn, struct nflb_conn *conn);
unsigned int nflb_conn_expire_if(struct nflb_net *nn,
				 bool (*doomed)(const struct nflb_conn *conn,
						const void *arg),
				 const void *arg);
struct nflb_conn *nflb_conn_of_node(const struct rhash_head *node, u8 *dir);
void nflb_conn_reply(const struct nflb_conn *conn, struct nflb_tuple *reply);
extern const struct rhashtable_params nflb_conn_params;
bool nflb_conn_expired(const struct nflb_conn *conn);

/* walk.c */
void nflb_walk(struct rhashtable *ht, void (*visit)(void *obj, void *arg),
	       void *arg);
void nflb_walk_some(struct rhashtable *ht, struct rhashtable_iter *iter,
		    unsigned int budget, void (*visit)(void *obj, void *arg),
		    void *arg);
void nflb_scan_near(struct bucket_table *tbl, unsigned int hash,
		    bool (*visit)(struct rhash_head *node, void *arg),
		    void *arg);

/* persist.c */
int nflb_persist_net_init(struct nflb_net *nn);
void nflb_persist_net_exit(struct nflb_net *nn);
struct nflb_dest *nflb_persist_schedule(struct nflb_net *nn,
					struct nflb_service *svc,
					const struct nflb_sched_flow *flow,
					const union nf_inet_addr *caddr,
					struct nflb_persist **tp, bool *fresh);
void nflb_persist_put(struct nflb_persist *t);
void nflb_persist_abandon(struct nflb_net *nn, struct nflb_persist *t);
void nflb_persist_sweep(struct nflb_net *nn, bool all);
void nflb_persist_collect(struct nflb_net *nn);
void nflb_persist_remove_if(struct nflb_net *nn,
			    bool (*doomed)(struct nflb_persist *t,
					   const void *arg),
			    const void *arg);
extern const struct rhashtable_params nflb_persist_params;

/* defrag.c: under nn->lock */
int nflb_defrag_need(struct nflb_net *nn);
void nflb_defrag_idle(struct nflb_net *nn);

/* icmp.c */
unsigned int nflb_icmp_in(struct nflb_net *nn, struct net *net,
			  struct sk_buff *skb, u8 af, unsigned int icmp_off);
unsigned int nflb_icmp_out(struct nflb_net *nn, struct sk_buff *skb, u8 af,
			   unsigned int icmp_off);

/* xmit.c */
unsigned int nflb_send(struct net *net, struct sk_buff *skb, u8 af,
		       const union nf_inet_addr *daddr, bool known_nh);
bool nflb_nat(struct sk_buff *skb, const struct nflb_pkt *pkt, bool dst,
	      const union nf_inet_addr *addr, __be16 port);
unsigned int nflb_xmit(struct net *net, struct sk_buff *skb,
		       const struct nflb_pkt *pkt, struct nflb_conn *conn);
unsigned int nflb_xmit_as_is(struct net *net, struct sk_buff *skb,
			     const struct nflb_conn *conn);
unsigned int nflb_xmit_fullnat_reply(struct net *net, struct sk_buff *skb,
				     const struct nflb_pkt *pkt,
				     struct nflb_conn *conn);

/* route.c */
#define NFLB_LOCAL 1
struct dst_entry *nflb_route(struct net *net, u8 af,
			     const union nf_inet_addr *daddr, bool known_nh,
			     union nf_inet_addr *saddr, bool *local);
int nflb_route_skb(struct net *net, struct sk_buff *skb, u8 af,
		   const union nf_inet_addr *daddr, bool known_nh,
		   unsigned int overhead, union nf_inet_addr *saddr);
bool nflb_fits_mtu(struct sk_buff *skb, u8 af, unsigned int mtu);
int nflb_output(struct net *net, struct sk_buff *skb, u8 af);

/* tunnel.c */
unsigned int nflb_tunnel(struct net *net, struct sk_buff *skb,
			 const struct nflb_dest *dest);

/* hooks.c */
bool nflb_conntrack_forget(struct sk_buff *skb);
unsigned int nflb_conntrack_again(struct sk_buff *skb,
				  const struct nf_hook_state *state);
void nflb_conntrack_exit(void);

int nflb_hooks_net_init(struct nflb_net *nn);
void nflb_hooks_net_exit(struct nflb_net *nn);

/* memcg.c */
void nflb_memcg_adopt(struct nflb_net *nn);
void nflb_memcg_release(struct nflb_net *nn);

/*
 * Packet path: until nflb_memcg_leave(), what is allocated with
 * __GFP_ACCOUNT is charged to nn's memory cgroup.
 */
static inline struct mem_cgroup *nflb_memcg_enter(const struct nflb_net *nn)
{
	return set_active_memcg(READ_ONCE(nn->memcg));
}

static inline void nflb_memcg_leave(struct mem_cgroup *old)
{
	set_active_memcg(old);
}

/* netlink.c */
int nflb_netlink_init(void);
void nflb_netlink_uninit(void);

/* sched.c */
const struct nflb_sched_ops *nflb_sched_find(const char *name);

#endif /* _NFLB_NFLB_H */
