// SPDX-License-Identifier: GPL-2.0
/* lbd: plan and apply the difference between the kernel and the config. */
#include <arpa/inet.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "reconcile.h"

static int push(struct lbd_plan *plan, enum lbd_action_kind kind,
		const struct nflb_svc *svc, const struct nflb_dest *dest)
{
	if (plan->n == plan->cap) {
		size_t cap = plan->cap ? plan->cap * 2 : 32;
		struct lbd_action *a = realloc(plan->actions, cap * sizeof(*a));

		if (!a)
			return -ENOMEM;
		plan->actions = a;
		plan->cap = cap;
	}
	plan->actions[plan->n++] = (struct lbd_action){ kind, svc, dest };
	return 0;
}

static const struct nflb_dest *find_dest(const struct nflb_svc_entry *e,
					 const struct nflb_dest *d)
{
	size_t i;

	for (i = 0; e && i < e->ndests; i++)
		if (nflb_dest_same(e->svc.af, &e->dests[i], d))
			return &e->dests[i];
	return NULL;
}

/* have (from the kernel) against want: the settings lbd manages. */
static int svc_differs(const struct nflb_svc *have, const struct nflb_svc *want)
{
	return strcmp(have->sched, want->sched) || have->flags != want->flags ||
	       ((want->flags & NFLB_SVC_F_PERSISTENT) &&
		have->timeout != want->timeout) ||
	       have->netmask != want->netmask ||
	       have->no_backend != want->no_backend;
}

static int dest_differs(const struct nflb_dest *a, const struct nflb_dest *b)
{
	return a->fwd != b->fwd || a->weight != b->weight ||
	       a->u_thresh != b->u_thresh || a->l_thresh != b->l_thresh;
}

static int plan_dests(const struct nflb_svc_entry *have,
		      const struct nflb_svc_entry *want, struct lbd_plan *plan)
{
	const struct nflb_dest *other;
	size_t i;
	int err = 0;

	for (i = 0; !err && have && i < have->ndests; i++)
		if (!find_dest(want, &have->dests[i]))
			err = push(plan, ACT_DEL_DEST, &want->svc,
				   &have->dests[i]);
	for (i = 0; !err && i < want->ndests; i++) {
		other = find_dest(have, &want->dests[i]);
		if (!other)
			err = push(plan, ACT_ADD_DEST, &want->svc,
				   &want->dests[i]);
		else if (dest_differs(other, &want->dests[i]))
			err = push(plan, ACT_EDIT_DEST, &want->svc,
				   &want->dests[i]);
	}
	return err;
}

/*
 * A table's services sorted by their identity, to find one in log n: a
 * walk of the other table for each service made a plan of 100,000
 * services 10^10 comparisons. The plan keeps the tables' own order.
 */
struct svc_index {
	const struct nflb_svc_entry **e;
	size_t n;
};

static int svc_key_cmp(const struct nflb_svc *a, const struct nflb_svc *b)
{
	if (a->af != b->af)
		return a->af < b->af ? -1 : 1;
	if (a->fwmark != b->fwmark)
		return a->fwmark < b->fwmark ? -1 : 1;
	if (a->protocol != b->protocol)
		return a->protocol < b->protocol ? -1 : 1;
	if (a->port != b->port)
		return a->port < b->port ? -1 : 1;
	return memcmp(&a->addr, &b->addr, a->af == AF_INET6 ? 16 : 4);
}

static int entry_cmp(const void *a, const void *b)
{
	const struct nflb_svc_entry *const *x = a, *const *y = b;

	return svc_key_cmp(&(*x)->svc, &(*y)->svc);
}

static int index_build(struct svc_index *x, const struct nflb_table *t)
{
	size_t i;

	x->n = t->nsvcs;
	x->e = malloc((x->n ? x->n : 1) * sizeof(*x->e));
	if (!x->e)
		return -ENOMEM;
	for (i = 0; i < x->n; i++)
		x->e[i] = &t->svcs[i];
	qsort(x->e, x->n, sizeof(*x->e), entry_cmp);
	return 0;
}

static const struct nflb_svc_entry *index_find(const struct svc_index *x,
					       const struct nflb_svc *svc)
{
	size_t lo = 0, hi = x->n;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		int r = svc_key_cmp(svc, &x->e[mid]->svc);

		if (!r)
			return x->e[mid];
		if (r < 0)
			hi = mid;
		else
			lo = mid + 1;
	}
	return NULL;
}

int lbd_plan_build(const struct nflb_table *have, const struct nflb_table *want,
		   struct lbd_plan *plan)
{
	struct svc_index have_x = { 0 }, want_x = { 0 };
	const struct nflb_svc_entry *other;
	size_t i;
	int err;

	memset(plan, 0, sizeof(*plan));
	err = index_build(&have_x, have);
	if (!err)
		err = index_build(&want_x, want);
	for (i = 0; !err && i < have->nsvcs; i++)
		if (!index_find(&want_x, &have->svcs[i].svc))
			err = push(plan, ACT_DEL_SERVICE, &have->svcs[i].svc,
				   NULL);
	for (i = 0; !err && i < want->nsvcs; i++) {
		const struct nflb_svc_entry *w = &want->svcs[i];

		other = index_find(&have_x, &w->svc);
		if (!other)
			err = push(plan, ACT_ADD_SERVICE, &w->svc, NULL);
		else if (svc_differs(&other->svc, &w->svc))
			err = push(plan, ACT_EDIT_SERVICE, &w->svc, NULL);
		if (!err)
			err = plan_dests(other, w, plan);
	}
	free(have_x.e);
	free(want_x.e);
	if (err)
		lbd_plan_free(plan);
	return err;
}

void lbd_plan_free(struct lbd_plan *plan)
{
	free(plan->actions);
	memset(plan, 0, sizeof(*plan));
}

static const struct {
	const char *verb;
	enum nflb_op op;
} action_info[] = {
	[ACT_DEL_SERVICE] = { "deleting service", NFLB_OP_DEL_SERVICE },
	[ACT_ADD_SERVICE] = { "adding service", NFLB_OP_ADD_SERVICE },
	[ACT_EDIT_SERVICE] = { "changing service", NFLB_OP_EDIT_SERVICE },
	[ACT_DEL_DEST] = { "deleting backend", NFLB_OP_DEL_DEST },
	[ACT_ADD_DEST] = { "adding backend", NFLB_OP_ADD_DEST },
	[ACT_EDIT_DEST] = { "changing backend", NFLB_OP_EDIT_DEST },
};

/* "tcp 10.0.0.1:80", "fwmark 5", "fwmark 5 ipv6". */
static void service_name(const struct nflb_svc *svc, char *buf, size_t len)
{
	char addr[INET6_ADDRSTRLEN];

	if (svc->fwmark) {
		snprintf(buf, len, "fwmark %u%s", svc->fwmark,
			 svc->af == AF_INET6 ? " ipv6" : "");
		return;
	}
	inet_ntop(svc->af, &svc->addr, addr, sizeof(addr));
	snprintf(buf, len, "%s %s:%u", nflb_protocol_name(svc->protocol), addr,
		 svc->port);
}

static void describe(const struct lbd_action *a, char *buf, size_t len)
{
	char svc[INET6_ADDRSTRLEN + 32], dest[INET6_ADDRSTRLEN];

	service_name(a->svc, svc, sizeof(svc));
	if (a->dest) {
		inet_ntop(a->svc->af, &a->dest->addr, dest, sizeof(dest));
		snprintf(buf, len, "%s %s:%u of %s", action_info[a->kind].verb,
			 dest, a->dest->port, svc);
	} else {
		snprintf(buf, len, "%s %s", action_info[a->kind].verb, svc);
	}
}

static int add_to_batch(struct nflb_batch *b, const struct lbd_action *a)
{
	switch (a->kind) {
	case ACT_DEL_SERVICE:
		return nflb_batch_del_service(b, a->svc);
	case ACT_ADD_SERVICE:
		return nflb_batch_add_service(b, a->svc);
	case ACT_EDIT_SERVICE:
		return nflb_batch_edit_service(b, a->svc);
	case ACT_DEL_DEST:
		return nflb_batch_del_dest(b, a->svc, a->dest);
	case ACT_ADD_DEST:
		return nflb_batch_add_dest(b, a->svc, a->dest);
	case ACT_EDIT_DEST:
		return nflb_batch_edit_dest(b, a->svc, a->dest);
	}
	return -EINVAL;
}

int lbd_plan_apply(struct nflb_handle *h, const struct lbd_plan *plan,
		   char *err, size_t errlen)
{
	struct nflb_batch *b = nflb_batch_new();
	const struct lbd_action *a;
	char what[160];
	long refused = -1;
	size_t i;
	int rc = b ? 0 : -ENOMEM;

	for (i = 0; !rc && i < plan->n; i++)
		rc = add_to_batch(b, &plan->actions[i]);
	if (!rc && plan->n)
		rc = nflb_batch_commit(h, b, 0, &refused);
	nflb_batch_free(b);
	if (!rc)
		return 0;
	if (refused < 0 || (size_t)refused >= plan->n) {
		snprintf(err, errlen, "%s",
			 nflb_strerror(NFLB_OP_FLUSH, rc, nflb_last_msg(h)));
		return rc;
	}
	a = &plan->actions[refused];
	describe(a, what, sizeof(what));
	snprintf(err, errlen, "%s: %s", what,
		 nflb_strerror(action_info[a->kind].op, rc, nflb_last_msg(h)));
	return rc;
}
