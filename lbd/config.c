// SPDX-License-Identifier: GPL-2.0
/*
 * lbd configuration (libconfig syntax; conf/lbd.conf documents it): every
 * value is checked, and the first problem is reported with its file and
 * line, so a bad file never reaches the kernel.
 */
#include <arpa/inet.h>
#include <libconfig.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "config.h"

struct ctx {
	const char *path;
	char *err;
	size_t errlen;
};

static int bad(struct ctx *c, const config_setting_t *s, const char *fmt, ...)
{
	char msg[256];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	snprintf(c->err, c->errlen, "%s:%d: %s", c->path,
		 s ? config_setting_source_line(s) : 0, msg);
	return -1;
}

static int get_string(struct ctx *c, const config_setting_t *s,
		      const char *name, const char **out, const char *def)
{
	config_setting_t *m = config_setting_get_member(s, name);

	if (!m) {
		if (def) {
			*out = def;
			return 0;
		}
		return bad(c, s, "missing '%s'", name);
	}
	if (config_setting_type(m) != CONFIG_TYPE_STRING)
		return bad(c, m, "'%s' must be a string", name);
	*out = config_setting_get_string(m);
	return 0;
}

/* An integer member in min..max; def when absent (def < 0: required). */
static int get_int(struct ctx *c, const config_setting_t *s, const char *name,
		   long long min, long long max, long long def, uint32_t *out)
{
	config_setting_t *m = config_setting_get_member(s, name);
	long long v;

	if (!m) {
		if (def < 0)
			return bad(c, s, "missing '%s'", name);
		*out = (uint32_t)def;
		return 0;
	}
	if (config_setting_type(m) != CONFIG_TYPE_INT &&
	    config_setting_type(m) != CONFIG_TYPE_INT64)
		return bad(c, m, "'%s' must be a number", name);
	v = config_setting_get_int64(m);
	if (v < min || v > max)
		return bad(c, m, "%s %lld is outside %lld..%lld", name, v, min,
			   max);
	*out = (uint32_t)v;
	return 0;
}

/*
 * "address", IPv4 or IPv6; its family in *af. A backend's (service not
 * NULL) must be of its service's family.
 */
static int get_addr(struct ctx *c, const config_setting_t *s,
		    const struct nflb_svc *service, uint16_t *af,
		    union nflb_inet_addr *addr)
{
	const char *text;

	if (get_string(c, s, "address", &text, NULL))
		return -1;
	memset(addr, 0, sizeof(*addr));
	*af = AF_INET;
	if (inet_pton(AF_INET, text, &addr->v4) != 1) {
		*af = AF_INET6;
		if (inet_pton(AF_INET6, text, &addr->v6) != 1)
			return bad(c, config_setting_get_member(s, "address"),
				   "invalid address '%s'", text);
	}
	if (service && *af != service->af)
		return bad(
			c, config_setting_get_member(s, "address"),
			"backend address '%s' is not of the service's family",
			text);
	return 0;
}

/*
 * persistence_netmask: a dotted netmask for IPv4, a prefix length for
 * IPv6 (as ipvsadm's -M).
 */
static int parse_netmask(struct ctx *c, const config_setting_t *s,
			 struct nflb_svc *svc)
{
	const char *text = NULL;
	struct in_addr m;
	char *end;
	long len;

	if (get_string(c, s, "persistence_netmask", &text,
		       svc->af == AF_INET6 ? "128" : "255.255.255.255"))
		return -1;
	if (svc->af == AF_INET6) {
		len = strtol(text, &end, 10);
		if (*end || end == text || len < 1 || len > 128)
			return bad(
				c,
				config_setting_get_member(
					s, "persistence_netmask"),
				"invalid netmask '%s' (an IPv6 prefix length, 1 to 128)",
				text);
		svc->netmask = (uint32_t)len;
		return 0;
	}
	if (inet_pton(AF_INET, text, &m) != 1)
		return bad(c,
			   config_setting_get_member(s, "persistence_netmask"),
			   "invalid netmask '%s'", text);
	svc->netmask = m.s_addr;
	return 0;
}

static int get_bool(struct ctx *c, const config_setting_t *s, const char *name,
		    int *out)
{
	config_setting_t *m = config_setting_get_member(s, name);

	*out = 0;
	if (!m)
		return 0;
	if (config_setting_type(m) != CONFIG_TYPE_BOOL)
		return bad(c, m, "'%s' must be true or false", name);
	*out = config_setting_get_bool(m);
	return 0;
}

/* Persistence, full NAT and the answer when no backend can take a flow. */
static int parse_service_options(struct ctx *c, const config_setting_t *s,
				 struct nflb_svc *svc)
{
	const char *no_backend = NULL;
	int full_nat, one_packet;

	if (get_int(c, s, "persistence_timeout", 0, NFLB_PERSIST_TIMEOUT_MAX, 0,
		    &svc->timeout) ||
	    parse_netmask(c, s, svc) ||
	    get_string(c, s, "no_backend", &no_backend, "reset") ||
	    get_bool(c, s, "full_nat", &full_nat) ||
	    get_bool(c, s, "one_packet", &one_packet))
		return -1;
	if (nflb_no_backend_parse(no_backend, &svc->no_backend))
		return bad(c, config_setting_get_member(s, "no_backend"),
			   "unknown no_backend '%s' (reset, icmp or drop)",
			   no_backend);
	svc->fields |= NFLB_SVC_FLAGS | NFLB_SVC_NETMASK | NFLB_SVC_NO_BACKEND;
	if (svc->timeout) {
		svc->flags |= NFLB_SVC_F_PERSISTENT;
		svc->fields |= NFLB_SVC_TIMEOUT;
	}
	if (full_nat)
		svc->flags |= NFLB_SVC_F_FULLNAT;
	if (one_packet)
		svc->flags |= NFLB_SVC_F_ONEPACKET;
	return 0;
}

static const struct {
	const char *name;
	uint32_t fwd;
} fwd_names[] = {
	{ "nat", NFLB_FWD_MASQ },   { "masq", NFLB_FWD_MASQ },
	{ "dr", NFLB_FWD_ROUTE },   { "route", NFLB_FWD_ROUTE },
	{ "tun", NFLB_FWD_TUNNEL }, { "ipip", NFLB_FWD_TUNNEL },
};

static int parse_backend(struct ctx *c, const config_setting_t *s,
			 const struct nflb_svc *svc, struct nflb_dest *d)
{
	const char *fwd = NULL;
	uint32_t port;
	uint16_t af;
	size_t i;

	memset(d, 0, sizeof(*d));
	if (config_setting_type(s) != CONFIG_TYPE_GROUP)
		return bad(c, s, "a backend must be a group { ... }");
	if (get_addr(c, s, svc, &af, &d->addr) ||
	    get_int(c, s, "port", 1, 65535, svc->port, &port) ||
	    get_int(c, s, "weight", 0, NFLB_WEIGHT_MAX, 1, &d->weight) ||
	    get_int(c, s, "upper_threshold", 0, 0x7fffffff, 0, &d->u_thresh) ||
	    get_int(c, s, "lower_threshold", 0, 0x7fffffff, 0, &d->l_thresh) ||
	    get_string(c, s, "forward", &fwd, "nat"))
		return -1;
	d->port = (uint16_t)port;
	for (i = 0; i < sizeof(fwd_names) / sizeof(fwd_names[0]); i++)
		if (!strcmp(fwd, fwd_names[i].name))
			break;
	if (i == sizeof(fwd_names) / sizeof(fwd_names[0]))
		return bad(c, config_setting_get_member(s, "forward"),
			   "unknown forward '%s' (nat, dr or tun)", fwd);
	d->fwd = fwd_names[i].fwd;
	d->fields = NFLB_DEST_FWD | NFLB_DEST_WEIGHT | NFLB_DEST_U_THRESH |
		    NFLB_DEST_L_THRESH;
	return 0;
}

/* fwmark and family ("ipv4", the default, or "ipv6") name the service. */
static int parse_fwmark_key(struct ctx *c, const config_setting_t *s,
			    struct nflb_svc *svc)
{
	static const char *const keyed[] = { "protocol", "address", "port" };
	const char *family = NULL;
	size_t i;

	for (i = 0; i < sizeof(keyed) / sizeof(*keyed); i++)
		if (config_setting_get_member(s, keyed[i]))
			return bad(c, config_setting_get_member(s, keyed[i]),
				   "a firewall-mark service has no '%s'",
				   keyed[i]);
	if (get_int(c, s, "fwmark", 1, UINT32_MAX, -1, &svc->fwmark) ||
	    get_string(c, s, "family", &family, "ipv4"))
		return -1;
	if (!strcmp(family, "ipv4"))
		svc->af = AF_INET;
	else if (!strcmp(family, "ipv6"))
		svc->af = AF_INET6;
	else
		return bad(c, config_setting_get_member(s, "family"),
			   "unknown family '%s' (ipv4 or ipv6)", family);
	return 0;
}

/* protocol (default "tcp"), address and port, or fwmark, name it. */
static int parse_service_key(struct ctx *c, const config_setting_t *s,
			     struct nflb_svc *svc)
{
	const char *proto = NULL;
	uint32_t port;

	if (config_setting_get_member(s, "fwmark"))
		return parse_fwmark_key(c, s, svc);
	if (get_string(c, s, "protocol", &proto, "tcp"))
		return -1;
	if (nflb_protocol_parse(proto, &svc->protocol))
		return bad(c, config_setting_get_member(s, "protocol"),
			   "unknown protocol '%s' (tcp, udp or sctp)", proto);
	if (get_addr(c, s, NULL, &svc->af, &svc->addr) ||
	    get_int(c, s, "port", 1, 65535, -1, &port))
		return -1;
	svc->port = (uint16_t)port;
	return 0;
}

static int parse_service(struct ctx *c, const config_setting_t *s,
			 struct nflb_svc_entry *e)
{
	config_setting_t *backends;
	const char *sched = NULL;
	int i, j, n;

	memset(e, 0, sizeof(*e));
	if (config_setting_type(s) != CONFIG_TYPE_GROUP)
		return bad(c, s, "a service must be a group { ... }");
	if (parse_service_key(c, s, &e->svc) ||
	    get_string(c, s, "scheduler", &sched, NULL))
		return -1;
	if (!*sched || strlen(sched) >= sizeof(e->svc.sched))
		return bad(c, config_setting_get_member(s, "scheduler"),
			   "invalid scheduler '%s'", sched);
	strcpy(e->svc.sched, sched);
	if (parse_service_options(c, s, &e->svc))
		return -1;

	backends = config_setting_get_member(s, "backends");
	n = backends ? config_setting_length(backends) : 0;
	if (backends && config_setting_type(backends) != CONFIG_TYPE_LIST)
		return bad(c, backends, "'backends' must be a list ( ... )");
	e->dests = calloc(n ? n : 1, sizeof(*e->dests));
	if (!e->dests)
		return bad(c, s, "out of memory");
	for (i = 0; i < n; i++) {
		config_setting_t *b = config_setting_get_elem(backends, i);

		if (parse_backend(c, b, &e->svc, &e->dests[i]))
			return -1;
		for (j = 0; j < i; j++)
			if (nflb_dest_same(e->svc.af, &e->dests[j],
					   &e->dests[i]))
				return bad(c, b, "backend listed twice");
		e->ndests++;
	}
	return 0;
}

int lbd_config_load(const char *path, struct nflb_table *want, char *err,
		    size_t errlen)
{
	struct ctx c = { .path = path, .err = err, .errlen = errlen };
	config_setting_t *list;
	config_t cfg;
	int i, j, n, rc = -1;

	memset(want, 0, sizeof(*want));
	config_init(&cfg);
	if (!config_read_file(&cfg, path)) {
		if (config_error_type(&cfg) == CONFIG_ERR_FILE_IO)
			snprintf(err, errlen, "%s: cannot read the file", path);
		else
			snprintf(err, errlen, "%s:%d: %s", path,
				 config_error_line(&cfg),
				 config_error_text(&cfg));
		goto out;
	}
	list = config_lookup(&cfg, "services");
	if (!list) {
		snprintf(err, errlen, "%s:1: missing 'services' list", path);
		goto out;
	}
	if (config_setting_type(list) != CONFIG_TYPE_LIST) {
		bad(&c, list, "'services' must be a list ( ... )");
		goto out;
	}
	n = config_setting_length(list);
	want->svcs = calloc(n ? n : 1, sizeof(*want->svcs));
	if (!want->svcs) {
		snprintf(err, errlen, "%s: out of memory", path);
		goto out;
	}
	for (i = 0; i < n; i++) {
		config_setting_t *s = config_setting_get_elem(list, i);
		struct nflb_svc_entry *e = &want->svcs[i];

		if (parse_service(&c, s, e)) {
			free(e->dests);
			goto out;
		}
		want->nsvcs++;
		for (j = 0; j < i; j++)
			if (nflb_svc_same(&want->svcs[j].svc, &e->svc)) {
				bad(&c, s, "service defined twice");
				goto out;
			}
	}
	rc = 0;
out:
	if (rc)
		nflb_table_free(want);
	config_destroy(&cfg);
	return rc;
}
