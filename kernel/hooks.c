// SPDX-License-Identifier: GPL-2.0
/*
 * Netfilter hooks of the service datapath, IPv4 and IPv6 alike.
 *
 * PRE_ROUTING, before conntrack: packets of a known connection in the
 * client-to-service direction go to their real server by the
 * connection's method (xmit.c); a TCP SYN, an SCTP INIT or any UDP
 * datagram to a service without a connection is scheduled first. NAT leaves the
 * forwarding to routing; the other methods send the packet themselves.
 * Full-NAT replies, addressed to the director, are turned back here too.
 *
 * PRE_ROUTING, after the mangle table, while firewall-mark services
 * exist: new flows are scheduled here instead, where the marks are set;
 * a firewall-mark service takes a marked flow before any service of
 * address and port, as in IPVS.
 *
 * POST_ROUTING, last: the real server's NAT replies get the service's
 * address back as their source. LOCAL_IN, after the filter table, does
 * the same to the replies to a client on the director itself, which are
 * delivered here instead, as IPVS does. That client's own packets reach
 * PRE_ROUTING over the loopback device.
 *
 * ICMP errors about a connection's packets are translated in both
 * (icmp.c).
 *
 * Running before conntrack lets it see the flow as client <-> real server
 * in both directions, so a stateful firewall on the director keeps
 * recognising the connection.
 */
#include <linux/icmpv6.h>
#include <linux/ip.h>
#include <linux/moduleparam.h>
#include <linux/netfilter_ipv4.h>
#include <linux/netfilter_ipv6.h>
#include <linux/sctp.h>
#include <linux/skbuff.h>
#include <net/ip.h>
#include <net/ipv6.h>
#include <net/netfilter/ipv4/nf_reject.h>
#include <net/netfilter/ipv6/nf_reject.h>

#include "sched_pick.h"

static bool expire_nodest_conn;
module_param(expire_nodest_conn, bool, 0644);
MODULE_PARM_DESC(
	expire_nodest_conn,
	"end a TCP connection at its next packet once its real server is deleted (default: let it finish)");

#define NFLB_PRI_IN (NF_IP_PRI_CONNTRACK - 10)
#define NFLB_PRI_OUT (NF_IP_PRI_LAST - 1)
#define NFLB_PRI_IN6 (NF_IP6_PRI_CONNTRACK - 10)
#define NFLB_PRI_MARKED (NF_IP_PRI_MANGLE + 1)
#define NFLB_PRI_MARKED6 (NF_IP6_PRI_MANGLE + 1)
#define NFLB_PRI_OUT6 (NF_IP6_PRI_LAST - 1)
#define NFLB_PRI_LOCAL_IN (NF_IP_PRI_NAT_SRC - 2)
#define NFLB_PRI_LOCAL_IN6 (NF_IP6_PRI_NAT_SRC - 2)

/*
 * The IP header of an IPv4 packet; false for a fragment (while the
 * namespace has services, fragments are reassembled first: defrag.c).
 */
static bool parse_ipv4(struct sk_buff *skb, struct nflb_pkt *pkt)
{
	const struct iphdr *iph = ip_hdr(skb);

	if (ip_is_fragment(iph))
		return false;
	pkt->l4off = iph->ihl * 4;
	pkt->tuple.proto = iph->protocol;
	pkt->tuple.src.ip = iph->saddr;
	pkt->tuple.dst.ip = iph->daddr;
	pkt->len = ntohs(iph->tot_len);
	return true;
}

/* The same of IPv6, past its extension headers. */
static bool parse_ipv6(struct sk_buff *skb, struct nflb_pkt *pkt)
{
	const struct ipv6hdr *ip6h = ipv6_hdr(skb);
	u8 nexthdr = ip6h->nexthdr;
	__be16 frag_off = 0;
	int off;

	off = ipv6_skip_exthdr(skb, skb_network_offset(skb) + sizeof(*ip6h),
			       &nexthdr, &frag_off);
	if (off < 0 || (frag_off & htons(IP6_OFFSET | IP6_MF)))
		return false;
	pkt->l4off = off - skb_network_offset(skb);
	pkt->tuple.proto = nexthdr;
	pkt->tuple.src.in6 = ip6h->saddr;
	pkt->tuple.dst.in6 = ip6h->daddr;
	pkt->len = ntohs(ip6h->payload_len) + sizeof(*ip6h);
	return true;
}

enum pkt_kind {
	PKT_OTHER,
	PKT_ICMP, /* ICMP of the packet's family: pkt->l4off is set */
	PKT_FLOW, /* TCP, UDP or SCTP: all of pkt is set */
};

/* The 14th byte of the TCP header holds its flags. */
static bool parse_tcp(struct sk_buff *skb, unsigned int l4,
		      struct nflb_pkt *pkt)
{
	const u8 *flags;
	u8 _flags;

	flags = skb_header_pointer(skb, l4 + 13, 1, &_flags);
	if (!flags)
		return false;
	pkt->tcp_flags = *flags;
	return true;
}

/*
 * The first chunk follows the 12-byte common header. A COOKIE ECHO or
 * COOKIE ACK may carry an ABORT behind it (RFC 9260, 6.10): the ABORT is
 * what counts.
 */
static bool parse_sctp(struct sk_buff *skb, unsigned int l4,
		       struct nflb_pkt *pkt)
{
	struct sctp_chunkhdr _ch;
	const struct sctp_chunkhdr *ch;
	unsigned int len;

	ch = skb_header_pointer(skb, l4 + sizeof(struct sctphdr), sizeof(_ch),
				&_ch);
	if (!ch)
		return false;
	pkt->sctp_chunk = ch->type;
	if (ch->type != SCTP_CID_COOKIE_ECHO && ch->type != SCTP_CID_COOKIE_ACK)
		return true;
	len = ntohs(ch->length);
	if (len < sizeof(*ch))
		return true;
	ch = skb_header_pointer(skb,
				l4 + sizeof(struct sctphdr) + ALIGN(len, 4),
				sizeof(_ch), &_ch);
	if (ch && ch->type == SCTP_CID_ABORT)
		pkt->sctp_chunk = SCTP_CID_ABORT;
	return true;
}

static enum pkt_kind parse(struct sk_buff *skb, u8 af, struct nflb_pkt *pkt)
{
	unsigned int l4 = skb_network_offset(skb);
	__be16 _ports[2];
	const __be16 *ports;

	memset(&pkt->tuple, 0, sizeof(pkt->tuple));
	pkt->tuple.af = af;
	pkt->tcp_flags = 0;
	pkt->sctp_chunk = 0;
	if (!(af == AF_INET6 ? parse_ipv6(skb, pkt) : parse_ipv4(skb, pkt)))
		return PKT_OTHER;
	if (pkt->tuple.proto ==
	    (af == AF_INET6 ? IPPROTO_ICMPV6 : IPPROTO_ICMP))
		return PKT_ICMP;
	if (pkt->tuple.proto != IPPROTO_TCP &&
	    pkt->tuple.proto != IPPROTO_UDP && pkt->tuple.proto != IPPROTO_SCTP)
		return PKT_OTHER;

	/* The ports open the TCP, UDP and SCTP headers alike. */
	l4 += pkt->l4off;
	ports = skb_header_pointer(skb, l4, sizeof(_ports), _ports);
	if (!ports)
		return PKT_OTHER;
	pkt->tuple.sport = ports[0];
	pkt->tuple.dport = ports[1];
	if (pkt->tuple.proto == IPPROTO_TCP && !parse_tcp(skb, l4, pkt))
		return PKT_OTHER;
	if (pkt->tuple.proto == IPPROTO_SCTP && !parse_sctp(skb, l4, pkt))
		return PKT_OTHER;
	return PKT_FLOW;
}

/* TCP starts with a SYN, SCTP with an INIT, UDP with any datagram. */
static bool starts_flow(const struct nflb_pkt *pkt)
{
	switch (pkt->tuple.proto) {
	case IPPROTO_TCP:
		return (pkt->tcp_flags & (NFLB_TCPF_SYN | NFLB_TCPF_ACK |
					  NFLB_TCPF_RST)) == NFLB_TCPF_SYN;
	case IPPROTO_SCTP:
		return pkt->sctp_chunk == SCTP_CID_INIT;
	default:
		return true;
	}
}

/*
 * A connection past its expiry is gone, whether or not the collector has
 * reached it yet; a new TCP SYN or SCTP INIT on the ports of a finished
 * connection starts afresh, at once.
 */
static bool restarts_flow(const struct nflb_conn *conn,
			  const struct nflb_pkt *pkt)
{
	u8 state = READ_ONCE(conn->state);

	if (nflb_conn_expired(conn))
		return true;
	if (pkt->tuple.proto == IPPROTO_UDP || !starts_flow(pkt))
		return false;
	if (pkt->tuple.proto == IPPROTO_SCTP)
		return nflb_sctp_state_reusable(state);
	return nflb_tcp_state_reusable(state, test_bit(NFLB_CONN_ONE_WAY,
						       &conn->flags));
}

/* What the schedulers may look at; addresses folded as IPVS does. */
static void flow_of(const struct nflb_pkt *pkt, struct nflb_sched_flow *flow)
{
	const struct nflb_tuple *t = &pkt->tuple;

	if (t->af == AF_INET6) {
		flow->saddr = ntohl(t->src.ip6[0] ^ t->src.ip6[1] ^
				    t->src.ip6[2] ^ t->src.ip6[3]);
		flow->daddr = ntohl(t->dst.ip6[0] ^ t->dst.ip6[1] ^
				    t->dst.ip6[2] ^ t->dst.ip6[3]);
	} else {
		flow->saddr = ntohl(t->src.ip);
		flow->daddr = ntohl(t->dst.ip);
	}
	flow->sport = ntohs(t->sport);
	flow->dport = ntohs(t->dport);
	memcpy(flow->dst, &t->dst, sizeof(flow->dst));
}

/*
 * Full NAT: the address the director reaches dest from, which becomes the
 * connection's source there. False when there is no route to dest.
 */
static bool fullnat_source(struct nflb_net *nn, const struct nflb_dest *dest,
			   union nf_inet_addr *src)
{
	struct dst_entry *dst;
	bool local;

	dst = nflb_route(nn->net, dest->af, &dest->addr, false, src, &local);
	if (IS_ERR(dst))
		return false;
	dst_release(dst);
	return true;
}

/*
 * The service has no real server for this new flow: answer the client at
 * once, as the service asks, instead of letting it wait for a timeout.
 */
static void refuse_flow(struct net *net, struct sk_buff *skb,
			const struct nflb_pkt *pkt, u8 no_backend)
{
	bool ipv6 = pkt->tuple.af == AF_INET6;

	if (no_backend == NFLB_NO_BACKEND_DROP)
		return;
	if (no_backend == NFLB_NO_BACKEND_RESET &&
	    pkt->tuple.proto == IPPROTO_SCTP) {
		nflb_sctp_abort(net, skb, pkt);
	} else if (no_backend == NFLB_NO_BACKEND_RESET &&
		   pkt->tuple.proto == IPPROTO_TCP) {
		if (ipv6)
			nf_send_reset6(net, NULL, skb, NF_INET_PRE_ROUTING);
		else
			nf_send_reset(net, NULL, skb, NF_INET_PRE_ROUTING);
	} else if (ipv6) {
		nf_send_unreach6(net, skb, ICMPV6_PORT_UNREACH,
				 NF_INET_PRE_ROUTING);
	} else {
		nf_send_unreach(skb, ICMP_PORT_UNREACH, NF_INET_PRE_ROUTING);
	}
}

/* The service of a new flow: its mark's first, then its address's. */
static struct nflb_service *find_service(struct nflb_net *nn,
					 const struct sk_buff *skb,
					 const struct nflb_pkt *pkt)
{
	struct nflb_service *svc;
	struct nflb_svc_key key;

	memset(&key, 0, sizeof(key));
	key.af = pkt->tuple.af;
	if (skb->mark && READ_ONCE(nn->fwmark_svc_count)) {
		key.fwmark = skb->mark;
		svc = nflb_service_lookup(nn, &key);
		if (svc)
			return svc;
		key.fwmark = 0;
	}
	key.proto = pkt->tuple.proto;
	key.addr = pkt->tuple.dst;
	key.port = pkt->tuple.dport;
	return nflb_service_lookup(nn, &key);
}

/* A connection for a new flow, or NULL when no service wants it. */
static struct nflb_conn *schedule_new(struct nflb_net *nn, struct sk_buff *skb,
				      const struct nflb_pkt *pkt, bool *drop)
{
	union nf_inet_addr fullnat_src, *src = NULL;
	struct nflb_persist *persist = NULL;
	struct nflb_sched_flow flow;
	struct nflb_service *svc;
	struct nflb_dest *dest;
	struct nflb_conn *conn;
	bool one_packet, fresh = false;
	u8 dir;

	svc = find_service(nn, skb, pkt);
	if (!svc)
		return NULL;

	*drop = true;
	one_packet = (READ_ONCE(svc->flags) & NFLB_SVC_F_ONEPACKET) &&
		     pkt->tuple.proto == IPPROTO_UDP;
	/* Before a template is made for it: a full table refuses the flow. */
	if (!one_packet && !nflb_conn_room(nn, &pkt->tuple))
		return NULL;
	flow_of(pkt, &flow);
	if (READ_ONCE(svc->flags) & NFLB_SVC_F_PERSISTENT)
		dest = nflb_persist_schedule(nn, svc, &flow, &pkt->tuple.src,
					     &persist, &fresh);
	else
		dest = nflb_service_schedule(svc, &flow);
	if (!dest) {
		refuse_flow(nn->net, skb, pkt, READ_ONCE(svc->no_backend));
		return NULL;
	}
	if ((READ_ONCE(svc->flags) & NFLB_SVC_F_FULLNAT) &&
	    READ_ONCE(dest->fwd) == NFLB_FWD_MASQ) {
		if (!fullnat_source(nn, dest, &fullnat_src)) {
			if (fresh)
				nflb_persist_abandon(nn, persist);
			nflb_persist_put(persist);
			nflb_dest_put(dest);
			return NULL;
		}
		src = &fullnat_src;
	}
	conn = nflb_conn_new(nn, dest, pkt, src, persist, one_packet);
	if (IS_ERR(conn)) {
		/*
		 * A template made for a refused flow goes with it (persist
		 * lasts while we hold rcu_read_lock()); one whose flow
		 * another CPU made first is likely that flow's too.
		 */
		if (PTR_ERR(conn) != -EEXIST) {
			if (fresh)
				nflb_persist_abandon(nn, persist);
			return NULL;
		}
		/* Another CPU won the race for this flow: use its entry. */
		conn = nflb_conn_lookup(nn, &pkt->tuple, &dir);
		if (!conn || dir != NFLB_DIR_ORIG)
			return NULL;
		return conn;
	}
	local_bh_disable();
	nflb_stats_new_conn(svc->stats);
	nflb_stats_new_conn(dest->stats);
	local_bh_enable();
	return conn;
}

/* What the new flow allocates is charged to the namespace (memcg.c). */
static struct nflb_conn *schedule_flow(struct nflb_net *nn, struct sk_buff *skb,
				       const struct nflb_pkt *pkt, bool *drop)
{
	struct mem_cgroup *old = nflb_memcg_enter(nn);
	struct nflb_conn *conn = schedule_new(nn, skb, pkt, drop);

	nflb_memcg_leave(old);
	return conn;
}

/*
 * Per-CPU counters: POST_ROUTING also runs in process context for local
 * packets, so keep softirqs off this CPU while counting.
 */
static void count_packet(struct nflb_conn *conn, bool in, u32 len)
{
	struct nflb_dest *dest = conn->dest;

	local_bh_disable();
	nflb_stats_add(dest->stats, in, len);
	nflb_stats_add(dest->svc->stats, in, len);
	local_bh_enable();
}

/* A client's packet of conn: count it, then send it conn's way. */
static unsigned int forward(struct nflb_net *nn, struct net *net,
			    struct sk_buff *skb, const struct nflb_pkt *pkt,
			    struct nflb_conn *conn)
{
	unsigned int verdict;

	nflb_conn_update(nn, conn, NFLB_DIR_ORIG, pkt);
	count_packet(conn, true, pkt->len);
	verdict = nflb_xmit(net, skb, pkt, conn);
	if (test_bit(NFLB_CONN_ONE_PACKET, &conn->flags))
		nflb_conn_release_one_packet(conn);
	return verdict;
}

/* state->pf, NFPROTO_IPV4 or NFPROTO_IPV6, is the address family. */
static unsigned int nflb_in(void *priv, struct sk_buff *skb,
			    const struct nf_hook_state *state)
{
	struct nflb_net *nn = priv;
	struct nflb_conn *conn;
	struct nflb_pkt pkt;
	bool drop = false;
	u8 dir;

	switch (parse(skb, state->pf, &pkt)) {
	case PKT_ICMP:
		return nflb_icmp_in(nn, state->net, skb, state->pf, pkt.l4off);
	case PKT_OTHER:
		return NF_ACCEPT;
	case PKT_FLOW:
		break;
	}

	conn = nflb_conn_lookup(nn, &pkt.tuple, &dir);
	if (conn && dir == NFLB_DIR_REPLY) {
		/* NAT replies are turned back in POST_ROUTING. */
		if (!test_bit(NFLB_CONN_FULLNAT, &conn->flags))
			return NF_ACCEPT;
		nflb_conn_update(nn, conn, NFLB_DIR_REPLY, &pkt);
		count_packet(conn, false, pkt.len);
		return nflb_xmit_fullnat_reply(state->net, skb, &pkt, conn);
	}
	/*
	 * The real server was deleted: a UDP flow moves to another one at
	 * once, instead of vanishing; a TCP connection or SCTP association
	 * ends when asked to.
	 */
	if (conn && test_bit(NFLB_DEST_REMOVED, &conn->dest->flags)) {
		if (pkt.tuple.proto == IPPROTO_UDP) {
			nflb_conn_expire(nn, conn);
			conn = NULL;
		} else if (READ_ONCE(expire_nodest_conn)) {
			nflb_conn_expire(nn, conn);
			return NF_DROP;
		}
	}
	if (conn && restarts_flow(conn, &pkt)) {
		nflb_conn_expire(nn, conn);
		conn = NULL;
	}
	if (!conn) {
		/* With firewall-mark services, the mangle table marks first. */
		if (!starts_flow(&pkt) || READ_ONCE(nn->fwmark_svc_count))
			return NF_ACCEPT;
		conn = schedule_flow(nn, skb, &pkt, &drop);
		if (!conn)
			return drop ? NF_DROP : NF_ACCEPT;
	}

	return forward(nn, state->net, skb, &pkt, conn);
}

/*
 * A packet the first hook passed on: a reply, or a packet of a connection
 * that it already translated (whose reply, reversed, it now is).
 */
static bool seen_first(struct nflb_net *nn, const struct nflb_tuple *t)
{
	struct nflb_tuple back;
	u8 dir;

	if (nflb_conn_lookup(nn, t, &dir))
		return true;
	memset(&back, 0, sizeof(back));
	back.src = t->dst;
	back.dst = t->src;
	back.sport = t->dport;
	back.dport = t->sport;
	back.proto = t->proto;
	back.af = t->af;
	return nflb_conn_lookup(nn, &back, &dir) && dir == NFLB_DIR_REPLY;
}

/* New flows once the mangle table has marked them (see the top). */
static unsigned int nflb_in_marked(void *priv, struct sk_buff *skb,
				   const struct nf_hook_state *state)
{
	struct nflb_net *nn = priv;
	struct nflb_conn *conn;
	struct nflb_pkt pkt;
	unsigned int verdict;
	bool drop = false, tracked;

	if (!READ_ONCE(nn->fwmark_svc_count) ||
	    parse(skb, state->pf, &pkt) != PKT_FLOW || !starts_flow(&pkt) ||
	    seen_first(nn, &pkt.tuple))
		return NF_ACCEPT;
	conn = schedule_flow(nn, skb, &pkt, &drop);
	if (!conn)
		return drop ? NF_DROP : NF_ACCEPT;

	tracked = nflb_conntrack_forget(skb);
	verdict = forward(nn, state->net, skb, &pkt, conn);
	if (verdict == NF_ACCEPT && tracked)
		verdict = nflb_conntrack_again(skb, state);
	return verdict;
}

static unsigned int nflb_out(void *priv, struct sk_buff *skb,
			     const struct nf_hook_state *state)
{
	struct nflb_net *nn = priv;
	const struct nflb_tuple *orig;
	struct nflb_conn *conn;
	struct nflb_pkt pkt;
	u8 dir;

	switch (parse(skb, state->pf, &pkt)) {
	case PKT_ICMP:
		return nflb_icmp_out(nn, skb, state->pf, pkt.l4off);
	case PKT_OTHER:
		return NF_ACCEPT;
	case PKT_FLOW:
		break;
	}
	conn = nflb_conn_lookup(nn, &pkt.tuple, &dir);
	if (!conn || dir != NFLB_DIR_REPLY)
		return NF_ACCEPT;

	nflb_conn_update(nn, conn, NFLB_DIR_REPLY, &pkt);
	count_packet(conn, false, pkt.len);
	orig = &conn->tuple;
	if (!nflb_nat(skb, &pkt, false, &orig->dst, orig->dport))
		return NF_DROP;
	return NF_ACCEPT;
}

int nflb_hooks_net_init(struct nflb_net *nn)
{
	static const struct {
		u8 pf;
		u8 hooknum;
		int priority;
		nf_hookfn *fn;
	} at[] = {
		{ NFPROTO_IPV4, NF_INET_PRE_ROUTING, NFLB_PRI_IN, nflb_in },
		{ NFPROTO_IPV4, NF_INET_PRE_ROUTING, NFLB_PRI_MARKED,
		  nflb_in_marked },
		{ NFPROTO_IPV4, NF_INET_POST_ROUTING, NFLB_PRI_OUT, nflb_out },
		{ NFPROTO_IPV4, NF_INET_LOCAL_IN, NFLB_PRI_LOCAL_IN, nflb_out },
		{ NFPROTO_IPV6, NF_INET_PRE_ROUTING, NFLB_PRI_IN6, nflb_in },
		{ NFPROTO_IPV6, NF_INET_PRE_ROUTING, NFLB_PRI_MARKED6,
		  nflb_in_marked },
		{ NFPROTO_IPV6, NF_INET_POST_ROUTING, NFLB_PRI_OUT6, nflb_out },
		{ NFPROTO_IPV6, NF_INET_LOCAL_IN, NFLB_PRI_LOCAL_IN6,
		  nflb_out },
	};
	int i;

	BUILD_BUG_ON(ARRAY_SIZE(at) != ARRAY_SIZE(nn->hooks));
	BUILD_BUG_ON(NFPROTO_IPV4 != AF_INET || NFPROTO_IPV6 != AF_INET6);
	for (i = 0; i < ARRAY_SIZE(at); i++)
		nn->hooks[i] = (struct nf_hook_ops){
			.hook = at[i].fn,
			.pf = at[i].pf,
			.hooknum = at[i].hooknum,
			.priority = at[i].priority,
			.priv = nn,
		};
	return nf_register_net_hooks(nn->net, nn->hooks, ARRAY_SIZE(nn->hooks));
}

void nflb_hooks_net_exit(struct nflb_net *nn)
{
	nf_unregister_net_hooks(nn->net, nn->hooks, ARRAY_SIZE(nn->hooks));
}
