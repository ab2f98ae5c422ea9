// SPDX-License-Identifier: GPL-2.0
/*
 * The connection table. Each connection is hashed twice, by its tuple in
 * the client-to-service direction and by the real server's reply tuple, so
 * one lookup finds it from either side; the reply tuple is not stored but
 * derived, in the table's hash and compare functions. Connections carry an
 * expiry time instead of a timer; a per-namespace collector walks the
 * table once a second and removes those past it, a slice of it each second
 * when the table is large (see NFLB_GC_BUDGET).
 */
#include <linux/moduleparam.h>
#include <linux/slab.h>
#include <net/ip.h>

#include "nflb.h"

static unsigned int conn_tab_bits = 12;
module_param(conn_tab_bits, uint, 0444);
MODULE_PARM_DESC(
	conn_tab_bits,
	"log2 of the initial connection table size (default 12); the table grows and shrinks with its content");

static unsigned int conn_max = 1 << 20;
module_param(conn_max, uint, 0644);
MODULE_PARM_DESC(
	conn_max,
	"connections per network namespace at most (default 1048576, 0: no limit); beyond it new ones are refused and counted");

static struct kmem_cache *conn_cache, *fullnat_cache;

struct nflb_conn *nflb_conn_of_node(const struct rhash_head *node, u8 *dir)
{
	/* The byte after either node (checked in nflb_conn_init()). */
	*dir = *(const u8 *)(node + 1);
	if (*dir == NFLB_DIR_ORIG)
		return container_of(node, struct nflb_conn, orig_node);
	return container_of(node, struct nflb_conn, reply_node);
}

void nflb_conn_reply(const struct nflb_conn *conn, struct nflb_tuple *reply)
{
	const struct nflb_tuple *orig = &conn->tuple;
	const struct nflb_dest *dest = conn->dest;

	reply->src = dest->addr;
	/* A firewall-mark service's real server on port 0 keeps the port. */
	reply->sport = dest->port ?: orig->dport;
	reply->dst = orig->src;
	reply->dport = orig->sport;
	reply->proto = orig->proto;
	reply->af = orig->af;
	reply->pad = 0;
	if (test_bit(NFLB_CONN_FULLNAT, &conn->flags)) {
		const struct nflb_conn_fullnat *fn =
			container_of(conn, struct nflb_conn_fullnat, conn);

		reply->dst = fn->daddr;
		reply->dport = fn->dport;
	}
}

/* The tuple node hashes by: stored, or derived for a reply node. */
static const struct nflb_tuple *node_tuple(const void *node,
					   struct nflb_tuple *space)
{
	u8 dir;
	const struct nflb_conn *conn = nflb_conn_of_node(node, &dir);

	if (dir == NFLB_DIR_ORIG)
		return &conn->tuple;
	nflb_conn_reply(conn, space);
	return space;
}

static u32 conn_hash(const void *data, u32 len, u32 seed)
{
	return jhash2(data, sizeof(struct nflb_tuple) / sizeof(u32), seed);
}

static u32 conn_obj_hash(const void *node, u32 len, u32 seed)
{
	struct nflb_tuple space;

	return conn_hash(node_tuple(node, &space), len, seed);
}

static int conn_obj_cmp(struct rhashtable_compare_arg *arg, const void *node)
{
	struct nflb_tuple space;

	return memcmp(node_tuple(node, &space), arg->key,
		      sizeof(struct nflb_tuple));
}

/* Both nodes of a connection in one table; a node is its own object. */
const struct rhashtable_params nflb_conn_params = {
	.key_len = sizeof(struct nflb_tuple),
	.hashfn = conn_hash,
	.obj_hashfn = conn_obj_hash,
	.obj_cmpfn = conn_obj_cmp,
	.automatic_shrinking = true,
};

#define NFLB_GC_INTERVAL HZ
/*
 * Table nodes (two per NAT connection) the collector visits a second at
 * most: up to 131,072 connections it sweeps the whole table every second,
 * beyond that the sweep spreads over several seconds (8 at 1M), so that
 * its cost stays bounded (a whole walk of 1M connections every second
 * took a fifth of a CPU). An expired connection that a sweep has not
 * reached yet still counts, but takes no new flow.
 */
#define NFLB_GC_BUDGET (1U << 18)

u32 nflb_conn_tab_size(void)
{
	return 1U << conn_tab_bits;
}

u32 nflb_conn_max(void)
{
	return READ_ONCE(conn_max);
}

int nflb_conn_init(void)
{
	if (conn_tab_bits < 8 || conn_tab_bits > 24) {
		pr_err("conn_tab_bits=%u is outside 8..24\n", conn_tab_bits);
		return -EINVAL;
	}
	BUILD_BUG_ON(offsetof(struct nflb_conn, orig_dir) !=
		     offsetof(struct nflb_conn, orig_node) +
			     sizeof(struct rhash_head));
	BUILD_BUG_ON(offsetof(struct nflb_conn, reply_dir) !=
		     offsetof(struct nflb_conn, reply_node) +
			     sizeof(struct rhash_head));
	BUILD_BUG_ON(sizeof(struct nflb_tuple) % sizeof(u32));
	/*
	 * Not cache-line aligned: a connection takes its 120 bytes (with
	 * both tuples stored, 168 took 192 aligned; IPVS aligns its 320).
	 */
	conn_cache = KMEM_CACHE(nflb_conn, 0);
	fullnat_cache = KMEM_CACHE(nflb_conn_fullnat, 0);
	if (conn_cache && fullnat_cache)
		return 0;
	kmem_cache_destroy(conn_cache);
	kmem_cache_destroy(fullnat_cache);
	return -ENOMEM;
}

void nflb_conn_uninit(void)
{
	kmem_cache_destroy(conn_cache);
	kmem_cache_destroy(fullnat_cache);
}

static void conn_kfree(struct nflb_conn *conn)
{
	if (test_bit(NFLB_CONN_FULLNAT, &conn->flags))
		kmem_cache_free(fullnat_cache,
				container_of(conn, struct nflb_conn_fullnat,
					     conn));
	else
		kmem_cache_free(conn_cache, conn);
}

static u32 state_timeout(const struct nflb_net *nn, u8 proto, u8 state)
{
	if (proto == IPPROTO_TCP)
		return READ_ONCE(nn->timeouts.tcp[state]);
	if (proto == IPPROTO_SCTP)
		return READ_ONCE(nn->timeouts.sctp[state]);
	return READ_ONCE(nn->timeouts.udp);
}

bool nflb_conn_expired(const struct nflb_conn *conn)
{
	return time_after_eq(jiffies, READ_ONCE(conn->expires));
}

/* Packet path, under rcu_read_lock(). */
struct nflb_conn *nflb_conn_lookup(struct nflb_net *nn,
				   const struct nflb_tuple *tuple, u8 *dir)
{
	struct rhash_head *node;
	struct nflb_conn *conn;

	node = rhashtable_lookup(&nn->conn_table, tuple, nflb_conn_params);
	if (!node)
		return NULL;
	conn = nflb_conn_of_node(node, dir);
	if (test_bit(NFLB_CONN_DEAD, &conn->flags))
		return NULL;
	return conn;
}

static void conn_free_rcu(struct rcu_head *head)
{
	struct nflb_conn *conn = container_of(head, struct nflb_conn, rcu);

	nflb_persist_put(conn->persist);
	nflb_dest_put(conn->dest);
	conn_kfree(conn);
	atomic64_inc(&nflb_objects.conn_free);
}

/*
 * Full NAT's director ports: a range, from which the ports of the
 * namespace's ip_local_port_range are always left out, so that the
 * director's own connections (a health check of the same real server,
 * say) never share a port with a full-NAT one whose replies nflb takes.
 * Packed as low << 16 | high.
 */
static u32 fullnat_ports = 1024 << 16 | 65535;

static int fullnat_ports_set(const char *val, const struct kernel_param *kp)
{
	unsigned int low, high;
	char end = 0;

	if (sscanf(val, "%u-%u%c", &low, &high, &end) < 2 || !low ||
	    low > high || high > 65535 || (end && end != '\n')) {
		pr_warn("fullnat_ports: '%.*s' is not LOW-HIGH within 1-65535\n",
			(int)strcspn(val, "\n"), val);
		return -EINVAL;
	}
	WRITE_ONCE(fullnat_ports, low << 16 | high);
	return 0;
}

static int fullnat_ports_get(char *buf, const struct kernel_param *kp)
{
	u32 ports = READ_ONCE(fullnat_ports);

	return sysfs_emit(buf, "%u-%u\n", ports >> 16, ports & 0xffff);
}

static const struct kernel_param_ops fullnat_ports_ops = {
	.set = fullnat_ports_set,
	.get = fullnat_ports_get,
};

module_param_cb(fullnat_ports, &fullnat_ports_ops, NULL, 0644);
MODULE_PARM_DESC(
	fullnat_ports,
	"full NAT's director ports, LOW-HIGH (default 1024-65535); those of net.ipv4.ip_local_port_range are always left out");

/* Full NAT's ports for one connection: the range less the local one. */
struct port_span {
	u16 first_below, below; /* the part under the local range */
	u16 first_above, above; /* the part over it */
};

static void fullnat_span(struct net *net, struct port_span *sp)
{
	u32 ports = READ_ONCE(fullnat_ports);
	int min = ports >> 16, max = ports & 0xffff, lo, hi;

	inet_get_local_port_range(net, &lo, &hi);
	memset(sp, 0, sizeof(*sp));
	sp->first_below = min;
	if (lo > min)
		sp->below = min_t(int, max, lo - 1) - min + 1;
	sp->first_above = max_t(int, min, hi + 1);
	if (hi < max)
		sp->above = max - sp->first_above + 1;
}

static bool span_has(const struct port_span *sp, u16 port)
{
	return (port >= sp->first_below &&
		port < sp->first_below + sp->below) ||
	       (port >= sp->first_above && port < sp->first_above + sp->above);
}

/* A random port of the span; 0 when it has none. */
static u16 span_random(const struct port_span *sp)
{
	u32 r, n = sp->below + sp->above;

	if (!n)
		return 0;
	r = get_random_u32_below(n);
	return r < sp->below ? sp->first_below + r :
			       sp->first_above + (r - sp->below);
}

/* Full NAT: tries for a free director port before the flow is refused. */
#define NFLB_FULLNAT_TRIES 32

/* Hash the reply tuple of a NAT connection. */
static int insert_reply(struct nflb_net *nn, struct nflb_conn *conn)
{
	struct nflb_tuple reply;

	nflb_conn_reply(conn, &reply);
	return rhashtable_lookup_insert_key(
		&nn->conn_table, &reply, &conn->reply_node, nflb_conn_params);
}

/*
 * Hash the reply tuple of a full-NAT connection: the client's own port
 * first, if fullnat_ports allows it, as it is most likely free, then
 * random ones of the range. -EADDRNOTAVAIL when the range is empty.
 */
static int insert_fullnat_reply(struct nflb_net *nn, struct nflb_conn *conn)
{
	struct nflb_conn_fullnat *fn =
		container_of(conn, struct nflb_conn_fullnat, conn);
	struct port_span sp;
	int err = -EEXIST, i;
	u16 port;

	fullnat_span(nn->net, &sp);
	port = ntohs(fn->dport);
	for (i = 0; i < NFLB_FULLNAT_TRIES && err == -EEXIST; i++) {
		if (i || !span_has(&sp, port)) {
			port = span_random(&sp);
			if (!port)
				return -EADDRNOTAVAIL;
		}
		fn->dport = htons(port);
		err = insert_reply(nn, conn);
	}
	return err;
}

/*
 * Count conn against its destination and namespace: before it is hashed,
 * so that whoever finds it finds it whole (conn_retire() undoes this).
 * Whether that makes the destination overloaded is only asked once it is
 * hashed: a connection that fails to be must not leave it so.
 */
static void conn_count(struct nflb_net *nn, struct nflb_conn *conn)
{
	atomic_inc(&conn->dest->inact_conns);
	atomic_inc(&nn->conn_count);
}

/*
 * Mark conn dead and drop it from the counts; false if it already was.
 * Every end of a connection passes here first, and only the one that
 * sets the bit goes on to unhash and free it. Under conn->lock, so that
 * a state change cannot move it between the active and inactive counts
 * at the same time.
 */
static bool conn_retire(struct nflb_net *nn, struct nflb_conn *conn)
{
	spin_lock_bh(&conn->lock);
	if (test_and_set_bit(NFLB_CONN_DEAD, &conn->flags)) {
		spin_unlock_bh(&conn->lock);
		return false;
	}
	if (test_bit(NFLB_CONN_ACTIVE, &conn->flags))
		atomic_dec(&conn->dest->active_conns);
	else
		atomic_dec(&conn->dest->inact_conns);
	spin_unlock_bh(&conn->lock);
	nflb_dest_conn_unbound(conn->dest);
	atomic_dec(&nn->conn_count);
	return true;
}

/*
 * conn's reply tuple is taken: by the same flow, which another CPU is
 * building or has built (and whose entry the caller may use), or by
 * another client's flow to the same real server.
 */
static bool same_flow_hashed(struct nflb_net *nn, const struct nflb_conn *conn)
{
	struct nflb_tuple reply;
	struct rhash_head *node;
	struct nflb_conn *other;
	u8 dir;

	nflb_conn_reply(conn, &reply);
	node = rhashtable_lookup(&nn->conn_table, &reply, nflb_conn_params);
	if (!node)
		return false;
	other = nflb_conn_of_node(node, &dir);
	return !memcmp(&other->tuple, &conn->tuple, sizeof(conn->tuple));
}

/*
 * Hash a complete connection: its reply tuple first, then the client's.
 * Everything that ends a connection (the client's packets, the collector,
 * DEL_CONN and FLUSH_CONN, teardown) finds it by the client's tuple, so
 * until that is hashed only its creator can end it, and the creator only
 * ends it here, when a hash fails.
 */
static int conn_hash_in(struct nflb_net *nn, struct nflb_conn *conn,
			bool fullnat)
{
	bool reply = conn->fwd == NFLB_FWD_MASQ;
	int err = 0;

	if (fullnat)
		err = insert_fullnat_reply(nn, conn);
	else if (reply)
		err = insert_reply(nn, conn);
	if (err == -EEXIST)
		return same_flow_hashed(nn, conn) ? -EEXIST : -EADDRINUSE;
	if (err)
		return err;
	err = rhashtable_lookup_insert_key(&nn->conn_table, &conn->tuple,
					   &conn->orig_node, nflb_conn_params);
	if (err && reply)
		rhashtable_remove_fast(&nn->conn_table, &conn->reply_node,
				       nflb_conn_params);
	return err;
}

/* Never assured, closing (as conntrack's TCP may drop), or expired. */
static bool conn_evictable(const struct nflb_conn *conn)
{
	u8 state = READ_ONCE(conn->state);

	if (!test_bit(NFLB_CONN_ASSURED, &conn->flags) ||
	    nflb_conn_expired(conn))
		return true;
	return conn->tuple.proto == IPPROTO_TCP &&
	       (state == NFLB_TCP_FIN_WAIT || state == NFLB_TCP_CLOSE_WAIT ||
		state == NFLB_TCP_TIME_WAIT || state == NFLB_TCP_CLOSE);
}

/* When conn last saw a packet: its expiry less its state's timeout. */
static unsigned long conn_last_seen(const struct nflb_net *nn,
				    const struct nflb_conn *conn)
{
	return READ_ONCE(conn->expires) -
	       state_timeout(nn, conn->tuple.proto, READ_ONCE(conn->state)) *
		       HZ;
}

struct drop_choice {
	struct nflb_net *nn;
	struct nflb_conn *victim;
	unsigned long oldest;
};

static bool conn_drop_visit(struct rhash_head *node, void *arg)
{
	struct drop_choice *c = arg;
	struct nflb_conn *conn;
	unsigned long seen_at;
	u8 dir;

	conn = nflb_conn_of_node(node, &dir);
	/* Only by its client's tuple (see conn_hash_in()). */
	if (dir != NFLB_DIR_ORIG || test_bit(NFLB_CONN_DEAD, &conn->flags) ||
	    !conn_evictable(conn))
		return false;
	seen_at = conn_last_seen(c->nn, conn);
	if (!c->victim || time_before(seen_at, c->oldest)) {
		c->victim = conn;
		c->oldest = seen_at;
	}
	return false;
}

/*
 * End one connection that is not assured, or expired, under RCU: of
 * those it looks at, the one idle the longest. Ending the first one
 * found would as likely end a real client's connection still in its
 * handshake as a flood's, however long the flood has filled the table;
 * the one idle longest is almost always the flood's (ordering by expiry
 * would not do: a handshake's states have different timeouts).
 */
static bool conn_early_drop(struct nflb_net *nn, const struct nflb_tuple *t)
{
	struct rhashtable *ht = &nn->conn_table;
	struct bucket_table *tbl = rht_dereference_rcu(ht->tbl, ht);
	struct drop_choice c = { .nn = nn };

	nflb_scan_near(tbl, rht_key_hashfn(ht, tbl, t, nflb_conn_params),
		       conn_drop_visit, &c);
	if (!c.victim)
		return false;
	nflb_conn_expire(nn, c.victim);
	return true;
}

/*
 * Whether the namespace has room for a connection of tuple t: under
 * conn_max, or once a connection that is not assured (or has expired
 * and not been collected yet) is ended to make room. Counted as refused
 * when not. Approximate under races between CPUs, which is all it needs.
 */
bool nflb_conn_room(struct nflb_net *nn, const struct nflb_tuple *t)
{
	unsigned int max = READ_ONCE(conn_max);

	if (!max || atomic_read(&nn->conn_count) < max ||
	    conn_early_drop(nn, t))
		return true;
	atomic64_inc(&nn->conn_refused);
	return false;
}

/*
 * A new connection to dest. It takes over the caller's reference on dest
 * and that of persist (its template, or NULL), whatever happens.
 * fullnat_src is the director address it leaves from under full NAT, or
 * NULL. A one_packet connection is not hashed: the caller sends its
 * packet, then releases it. The caller has made room for it
 * (nflb_conn_room()). ERR_PTR(-EEXIST) when another CPU inserted the
 * same flow first.
 */
struct nflb_conn *nflb_conn_new(struct nflb_net *nn, struct nflb_dest *dest,
				const struct nflb_pkt *pkt,
				const union nf_inet_addr *fullnat_src,
				struct nflb_persist *persist, bool one_packet)
{
	u8 fwd = READ_ONCE(dest->fwd);
	struct nflb_conn_fullnat *fn;
	struct nflb_conn *conn;
	int err = -ENOMEM;

	if (fwd != NFLB_FWD_MASQ)
		fullnat_src = NULL;
	if (fullnat_src) {
		fn = kmem_cache_zalloc(fullnat_cache,
				       GFP_ATOMIC | __GFP_ACCOUNT);
		if (!fn)
			goto err_put;
		fn->daddr = *fullnat_src;
		fn->dport = pkt->tuple.sport;
		conn = &fn->conn;
		set_bit(NFLB_CONN_FULLNAT, &conn->flags);
	} else {
		conn = kmem_cache_zalloc(conn_cache,
					 GFP_ATOMIC | __GFP_ACCOUNT);
		if (!conn)
			goto err_put;
	}
	conn->tuple = pkt->tuple;
	conn->orig_dir = NFLB_DIR_ORIG;
	conn->reply_dir = NFLB_DIR_REPLY;
	conn->fwd = fwd;
	if (fwd != NFLB_FWD_MASQ)
		set_bit(NFLB_CONN_ONE_WAY, &conn->flags);
	conn->dest = dest;
	conn->persist = persist;
	spin_lock_init(&conn->lock);
	conn->state = NFLB_TCP_NONE;
	conn->expires =
		jiffies + state_timeout(nn, pkt->tuple.proto, conn->state) * HZ;
	atomic64_inc(&nflb_objects.conn_alloc);
	if (one_packet) {
		/* As IPVS's: counted nowhere, listed nowhere. */
		set_bit(NFLB_CONN_ONE_PACKET, &conn->flags);
		return conn;
	}

	conn_count(nn, conn);
	err = conn_hash_in(nn, conn, fullnat_src);
	if (err) {
		conn_retire(nn, conn);
		call_rcu(&conn->rcu, conn_free_rcu);
		return ERR_PTR(err);
	}
	nflb_dest_conn_bound(dest);
	return conn;

err_put:
	nflb_persist_put(persist);
	nflb_dest_put(dest);
	return ERR_PTR(err);
}

void nflb_conn_release_one_packet(struct nflb_conn *conn)
{
	call_rcu(&conn->rcu, conn_free_rcu);
}

static void conn_count_state(struct nflb_conn *conn, bool active)
{
	struct nflb_dest *dest = conn->dest;

	if (active) {
		if (!test_and_set_bit(NFLB_CONN_ACTIVE, &conn->flags)) {
			atomic_dec(&dest->inact_conns);
			atomic_inc(&dest->active_conns);
		}
	} else if (test_and_clear_bit(NFLB_CONN_ACTIVE, &conn->flags)) {
		atomic_dec(&dest->active_conns);
		atomic_inc(&dest->inact_conns);
	}
}

static u8 next_state(const struct nflb_conn *conn, u8 dir,
		     const struct nflb_pkt *pkt)
{
	bool in_only = test_bit(NFLB_CONN_ONE_WAY, &conn->flags);

	if (pkt->tuple.proto == IPPROTO_SCTP)
		return in_only ? nflb_sctp_next_state_in_only(conn->state,
							      pkt->sctp_chunk) :
				 nflb_sctp_next_state(conn->state, dir,
						      pkt->sctp_chunk);
	return in_only ? nflb_tcp_next_state_in_only(conn->state,
						     pkt->tcp_flags) :
			 nflb_tcp_next_state(conn->state, dir, pkt->tcp_flags);
}

/* TCP and SCTP count established connections as active, as IPVS. */
static bool state_active(u8 proto, u8 state)
{
	return proto == IPPROTO_SCTP ? state == NFLB_SCTP_ESTABLISHED :
				       nflb_tcp_state_active(state);
}

void nflb_conn_update(struct nflb_net *nn, struct nflb_conn *conn, u8 dir,
		      const struct nflb_pkt *pkt)
{
	u8 proto = pkt->tuple.proto;
	u8 state = NFLB_UDP_STATE;
	unsigned long expires;
	bool answered;

	if (proto != IPPROTO_UDP) {
		spin_lock_bh(&conn->lock);
		state = next_state(conn, dir, pkt);
		/* A retired connection's counts are settled: leave them. */
		if (state != conn->state &&
		    !test_bit(NFLB_CONN_DEAD, &conn->flags)) {
			conn->state = state;
			conn_count_state(conn, state_active(proto, state));
		}
		spin_unlock_bh(&conn->lock);
	}
	answered = proto == IPPROTO_UDP ? dir == NFLB_DIR_REPLY :
					  state_active(proto, state);
	if (conn->persist && answered &&
	    !test_bit(NFLB_PERSIST_ASSURED, &conn->persist->flags))
		set_bit(NFLB_PERSIST_ASSURED, &conn->persist->flags);
	/* A second datagram is all a one-way UDP flow can show. */
	if (!test_bit(NFLB_CONN_ASSURED, &conn->flags) &&
	    (answered || (proto == IPPROTO_UDP && dir == NFLB_DIR_ORIG &&
			  test_bit(NFLB_CONN_ONE_WAY, &conn->flags) &&
			  test_and_set_bit(NFLB_CONN_SEEN, &conn->flags))))
		set_bit(NFLB_CONN_ASSURED, &conn->flags);
	expires = jiffies + state_timeout(nn, proto, state) * HZ;
	if (READ_ONCE(conn->expires) != expires)
		WRITE_ONCE(conn->expires, expires);
}

void nflb_conn_expire(struct nflb_net *nn, struct nflb_conn *conn)
{
	if (!conn_retire(nn, conn))
		return;
	rhashtable_remove_fast(&nn->conn_table, &conn->orig_node,
			       nflb_conn_params);
	if (!test_bit(NFLB_CONN_ONE_WAY, &conn->flags))
		rhashtable_remove_fast(&nn->conn_table, &conn->reply_node,
				       nflb_conn_params);
	call_rcu(&conn->rcu, conn_free_rcu);
}

static bool conn_is_expired(const struct nflb_conn *conn, const void *arg)
{
	return nflb_conn_expired(conn);
}

static bool conn_any(const struct nflb_conn *conn, const void *arg)
{
	return true;
}

struct expire_walk {
	struct nflb_net *nn;
	bool (*doomed)(const struct nflb_conn *conn, const void *arg);
	const void *arg;
	unsigned int ended;
};

static void expire_visit(void *obj, void *arg)
{
	struct expire_walk *w = arg;
	u8 dir;
	struct nflb_conn *conn = nflb_conn_of_node(obj, &dir);

	if (dir == NFLB_DIR_ORIG && !test_bit(NFLB_CONN_DEAD, &conn->flags) &&
	    w->doomed(conn, w->arg)) {
		nflb_conn_expire(w->nn, conn);
		w->ended++;
	}
}

/* End the connections doomed(conn, arg) picks; how many it ended. */
unsigned int nflb_conn_expire_if(struct nflb_net *nn,
				 bool (*doomed)(const struct nflb_conn *conn,
						const void *arg),
				 const void *arg)
{
	struct expire_walk w = { .nn = nn, .doomed = doomed, .arg = arg };

	nflb_walk(&nn->conn_table, expire_visit, &w);
	return w.ended;
}

static void conn_gc_work(struct work_struct *work)
{
	struct nflb_net *nn =
		container_of(to_delayed_work(work), struct nflb_net, conn_gc);
	struct expire_walk w = { .nn = nn, .doomed = conn_is_expired };

	nflb_walk_some(&nn->conn_table, &nn->conn_gc_iter, NFLB_GC_BUDGET,
		       expire_visit, &w);
	nflb_persist_collect(nn);
	queue_delayed_work(system_power_efficient_wq, &nn->conn_gc,
			   NFLB_GC_INTERVAL);
}

int nflb_conn_net_init(struct nflb_net *nn)
{
	struct rhashtable_params params = nflb_conn_params;
	int err;

	/* rhashtable sizes itself for 3/4 load: ask for the full table. */
	params.nelem_hint = nflb_conn_tab_size() * 3 / 4;
	params.min_size = nflb_conn_tab_size();
	err = rhashtable_init(&nn->conn_table, &params);
	if (err)
		return err;
	atomic_set(&nn->conn_count, 0);
	atomic64_set(&nn->conn_refused, 0);
	rhashtable_walk_enter(&nn->conn_table, &nn->conn_gc_iter);
	INIT_DELAYED_WORK(&nn->conn_gc, conn_gc_work);
	queue_delayed_work(system_power_efficient_wq, &nn->conn_gc,
			   NFLB_GC_INTERVAL);
	return 0;
}

struct leftovers {
	struct nflb_net *nn;
	struct rcu_head *first; /* chained through rcu.next, not yet queued */
};

/*
 * Teardown: whatever a sweep raced with (a resize) still goes, but only
 * once the table is freed: the walk that calls this may sleep between
 * buckets, long enough for a grace period, and a NAT connection's reply
 * node may come after its client's.
 */
static void conn_destroy_node(void *ptr, void *arg)
{
	struct leftovers *left = arg;
	u8 dir;
	struct nflb_conn *conn = nflb_conn_of_node(ptr, &dir);

	if (dir == NFLB_DIR_ORIG && conn_retire(left->nn, conn)) {
		conn->rcu.next = left->first;
		left->first = &conn->rcu;
	}
}

/* The hooks are gone (pre_exit) and no hook runs any more. */
void nflb_conn_net_exit(struct nflb_net *nn)
{
	struct leftovers left = { .nn = nn };
	struct rcu_head *head, *next;

	cancel_delayed_work_sync(&nn->conn_gc);
	rhashtable_walk_exit(&nn->conn_gc_iter);
	nflb_conn_expire_if(nn, conn_any, NULL);
	rhashtable_free_and_destroy(&nn->conn_table, conn_destroy_node, &left);
	for (head = left.first; head; head = next) {
		next = head->next;
		call_rcu(head, conn_free_rcu);
	}
}
