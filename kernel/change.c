// SPDX-License-Identifier: GPL-2.0
/*
 * Committing changes of the service table: every change is first checked
 * against a shadow of the table, a record of what the changes before it
 * did to the services and destinations they named. Only when all pass
 * are they applied, under the same lock, by the functions of service.c
 * and dest.c. Applying then fails only when memory runs out.
 */
#include <linux/hash.h>
#include <linux/jhash.h>
#include <linux/slab.h>

#include "change.h"
#include "sched.h"

struct shadow_dest {
	struct list_head list;
	struct nflb_dest_conf conf; /* addr and port are its key */
	bool exists;
};

struct shadow_svc {
	struct hlist_node node;
	struct list_head list;
	struct nflb_svc_key key;
	/* The service as the batch found it, until deleted or flushed. */
	struct nflb_service *real;
	struct nflb_service *start; /* as the batch found it */
	struct nflb_service *cur; /* applying: the key's service, or NULL */
	/* applying: cur's settings so far; start gets them when published */
	struct nflb_svc_conf apply_conf;
	bool edited;
	bool stale; /* applying: cur's destinations changed */
	bool shrunk; /* applying: and some were deleted */
	bool exists;
	struct nflb_svc_conf conf;
	const struct nflb_sched_ops *sched;
	u32 dest_count;
	struct list_head dests; /* the destinations the batch named */
};

struct shadow {
	struct nflb_net *nn;
	struct hlist_head *buckets;
	unsigned int bits;
	struct list_head svcs;
	bool flushed; /* services the batch had not named are gone */
};

static int shadow_init(struct shadow *sh, struct nflb_net *nn, u32 n)
{
	sh->nn = nn;
	sh->bits = clamp_t(unsigned int, ilog2(n | 1) + 1, 4, 20);
	sh->buckets = kvcalloc(1U << sh->bits, sizeof(*sh->buckets),
			       GFP_KERNEL_ACCOUNT);
	INIT_LIST_HEAD(&sh->svcs);
	sh->flushed = false;
	return sh->buckets ? 0 : -ENOMEM;
}

static void shadow_free(struct shadow *sh)
{
	struct shadow_svc *ss, *tss;
	struct shadow_dest *sd, *tsd;

	list_for_each_entry_safe(ss, tss, &sh->svcs, list) {
		list_for_each_entry_safe(sd, tsd, &ss->dests, list)
			kfree(sd);
		kfree(ss);
	}
	kvfree(sh->buckets);
}

static struct hlist_head *svc_bucket(struct shadow *sh,
				     const struct nflb_svc_key *key)
{
	return &sh->buckets[hash_32(jhash(key, sizeof(*key), 0), sh->bits)];
}

static struct shadow_svc *find_shadow(struct shadow *sh,
				      const struct nflb_svc_key *key)
{
	struct shadow_svc *ss;

	hlist_for_each_entry(ss, svc_bucket(sh, key), node)
		if (!memcmp(&ss->key, key, sizeof(*key)))
			return ss;
	return NULL;
}

/* The service of key as the changes so far leave it; NULL: no memory. */
static struct shadow_svc *shadow_svc(struct shadow *sh,
				     const struct nflb_svc_key *key)
{
	struct shadow_svc *ss = find_shadow(sh, key);

	if (ss)
		return ss;
	ss = kzalloc(sizeof(*ss), GFP_KERNEL_ACCOUNT);
	if (!ss)
		return NULL;
	ss->key = *key;
	INIT_LIST_HEAD(&ss->dests);
	ss->start = nflb_service_find(sh->nn, key);
	ss->real = sh->flushed ? NULL : ss->start;
	if (ss->real) {
		ss->exists = true;
		nflb_service_conf(ss->real, &ss->conf);
		ss->sched = ss->real->sched;
		ss->dest_count = ss->real->dest_count;
	}
	hlist_add_head(&ss->node, svc_bucket(sh, key));
	list_add_tail(&ss->list, &sh->svcs);
	return ss;
}

static struct shadow_dest *shadow_dest(struct shadow_svc *ss,
				       const struct nflb_dest_req *req)
{
	struct shadow_dest *sd;
	struct nflb_dest *real;

	list_for_each_entry(sd, &ss->dests, list)
		if (sd->conf.port == req->given.port &&
		    !memcmp(&sd->conf.addr, &req->given.addr,
			    sizeof(req->given.addr)))
			return sd;
	sd = kzalloc(sizeof(*sd), GFP_KERNEL_ACCOUNT);
	if (!sd)
		return NULL;
	real = ss->real ? nflb_dest_find(ss->real, &req->given.addr,
					 req->given.port) :
			  NULL;
	if (real) {
		nflb_dest_conf(real, &sd->conf);
		sd->exists = true;
	} else {
		sd->conf.addr = req->given.addr;
		sd->conf.port = req->given.port;
	}
	list_add_tail(&sd->list, &ss->dests);
	return sd;
}

/* The service is deleted: it and all its destinations are gone. */
static void shadow_svc_gone(struct shadow_svc *ss)
{
	struct shadow_dest *sd;

	ss->exists = false;
	ss->real = NULL;
	ss->dest_count = 0;
	list_for_each_entry(sd, &ss->dests, list)
		sd->exists = false;
}

static int check_service(struct shadow_svc *ss, const struct nflb_change *c,
			 struct netlink_ext_ack *extack)
{
	const struct nflb_sched_ops *sched;
	struct nflb_svc_conf next;
	int err;

	if (c->cmd == NFLB_CMD_NEW_SERVICE && ss->exists) {
		NL_SET_ERR_MSG(extack, "Service already exists");
		return -EEXIST;
	}
	if (c->cmd != NFLB_CMD_NEW_SERVICE && !ss->exists) {
		NL_SET_ERR_MSG(extack, "No such service");
		return -ESRCH;
	}
	if (c->cmd == NFLB_CMD_DEL_SERVICE) {
		shadow_svc_gone(ss);
		return 0;
	}
	if (c->cmd == NFLB_CMD_NEW_SERVICE)
		nflb_svc_conf_new(c->key.af, &c->svc, c->svc_which, &next);
	else
		nflb_svc_conf_edit(&ss->conf, &c->svc, c->svc_which, &next);
	err = nflb_service_check_conf(&next, &c->key, &sched, extack) ?:
		      nflb_service_check_size(sched, next.table_size,
					      ss->dest_count, extack);
	if (err)
		return err;
	ss->exists = true;
	ss->conf = next;
	ss->sched = sched;
	return 0;
}

static int check_dest(struct shadow_svc *ss, const struct nflb_change *c,
		      struct netlink_ext_ack *extack)
{
	struct nflb_dest_conf conf;
	struct shadow_dest *sd;
	u32 count = ss->dest_count;
	int err;

	if (!ss->exists) {
		NL_SET_ERR_MSG(extack, "No such service");
		return -ESRCH;
	}
	sd = shadow_dest(ss, &c->dest);
	if (!sd)
		return -ENOMEM;
	if (c->cmd == NFLB_CMD_NEW_DEST && sd->exists) {
		NL_SET_ERR_MSG(extack, "Destination already exists");
		return -EEXIST;
	}
	if (c->cmd != NFLB_CMD_NEW_DEST && !sd->exists) {
		NL_SET_ERR_MSG(extack, "No such destination");
		return -ENOENT;
	}
	if (c->cmd == NFLB_CMD_DEL_DEST) {
		sd->exists = false;
		ss->dest_count--;
		return 0;
	}
	if (c->cmd == NFLB_CMD_NEW_DEST)
		count++;
	nflb_dest_conf_resolve(sd->exists ? &sd->conf : NULL, &c->dest, &conf);
	err = nflb_dest_check_conf(c->key.port, &conf, extack) ?:
		      nflb_service_check_size(ss->sched, ss->conf.table_size,
					      count, extack);
	if (err)
		return err;
	sd->conf = conf;
	sd->exists = true;
	ss->dest_count = count;
	return 0;
}

static int check_one(struct shadow *sh, const struct nflb_change *c,
		     struct netlink_ext_ack *extack)
{
	struct shadow_svc *ss;

	if (c->cmd == NFLB_CMD_FLUSH) {
		list_for_each_entry(ss, &sh->svcs, list)
			shadow_svc_gone(ss);
		sh->flushed = true;
		return 0;
	}
	ss = shadow_svc(sh, &c->key);
	if (!ss)
		return -ENOMEM;
	switch (c->cmd) {
	case NFLB_CMD_NEW_SERVICE:
	case NFLB_CMD_SET_SERVICE:
	case NFLB_CMD_DEL_SERVICE:
		return check_service(ss, c, extack);
	default:
		return check_dest(ss, c, extack);
	}
}

/*
 * Applying. Packets see each service change in one step: new services
 * are built whole before they enter the table (in place of a deleted
 * one of the same key), deleted ones leave it only then, and a changed
 * service gets one new destination set, after all its changes.
 */
struct commit {
	struct shadow *sh;
	struct list_head fresh; /* made by the batch, not yet published */
	struct list_head doomed; /* deleted by the batch, still published */
	struct list_head unlinked; /* out of their lists, maybe in sets */
};

static void delete_service(struct commit *cm, struct nflb_service *svc)
{
	if (!svc->published) {
		list_del_init(&svc->batch);
		nflb_service_del(svc);
	} else if (list_empty(&svc->batch)) {
		list_add_tail(&svc->batch, &cm->doomed);
	}
}

static int apply_dest(struct commit *cm, struct shadow_svc *ss,
		      const struct nflb_change *c,
		      struct netlink_ext_ack *extack)
{
	struct nflb_service *svc = ss->cur;
	struct nflb_dest_conf base, conf;
	struct nflb_dest *dest;
	int err;

	ss->stale = true;
	dest = nflb_dest_find(svc, &c->dest.given.addr, c->dest.given.port);
	if (c->cmd == NFLB_CMD_NEW_DEST) {
		nflb_dest_conf_resolve(NULL, &c->dest, &conf);
		err = nflb_dest_add(svc, &conf, extack);
		if (!err)
			nflb_nl_notify(svc->nn, c->cmd, &svc->key, NULL,
				       nflb_dest_find(svc, &conf.addr,
						      conf.port));
		return err;
	}
	if (WARN_ON_ONCE(!dest))
		return -ENOENT;
	if (c->cmd == NFLB_CMD_DEL_DEST) {
		nflb_nl_notify(svc->nn, c->cmd, &svc->key, NULL, dest);
		nflb_dest_unlink(dest);
		list_add_tail(&dest->list, &cm->unlinked);
		ss->shrunk = true;
		return 0;
	}
	nflb_dest_conf(dest, &base);
	nflb_dest_conf_resolve(&base, &c->dest, &conf);
	err = nflb_dest_edit(dest, &conf, extack);
	if (!err)
		nflb_nl_notify(svc->nn, c->cmd, &svc->key, NULL, dest);
	return err;
}

static int apply_one(struct commit *cm, const struct nflb_change *c,
		     struct netlink_ext_ack *extack)
{
	struct nflb_net *nn = cm->sh->nn;
	struct nflb_svc_conf next;
	struct nflb_service *svc;
	struct shadow_svc *ss;
	unsigned long id;
	int err;

	if (c->cmd == NFLB_CMD_FLUSH) {
		list_for_each_entry(ss, &cm->sh->svcs, list)
			ss->cur = NULL;
		xa_for_each(&nn->svc_ids, id, svc)
			delete_service(cm, svc);
		nflb_nl_notify(nn, c->cmd, NULL, NULL, NULL);
		return 0;
	}
	ss = find_shadow(cm->sh, &c->key);
	if (WARN_ON_ONCE(!ss))
		return -ESRCH;
	if (c->cmd == NFLB_CMD_NEW_SERVICE) {
		svc = nflb_service_create(nn, &c->key, &c->svc, c->svc_which,
					  extack);
		if (IS_ERR(svc))
			return PTR_ERR(svc);
		list_add_tail(&svc->batch, &cm->fresh);
		ss->cur = svc;
		nflb_service_conf(svc, &ss->apply_conf);
		nflb_nl_notify(nn, c->cmd, &svc->key, &ss->apply_conf, NULL);
		return 0;
	}
	svc = ss->cur;
	if (WARN_ON_ONCE(!svc))
		return -ESRCH;
	switch (c->cmd) {
	case NFLB_CMD_SET_SERVICE:
		/* A published service gets its settings (apply_conf) with
		 * the batch's other changes; listeners hear of each step.
		 */
		err = svc->published ? 0 :
				       nflb_service_edit(svc, &c->svc,
							 c->svc_which, extack);
		if (err)
			return err;
		ss->edited = true;
		nflb_svc_conf_edit(&ss->apply_conf, &c->svc, c->svc_which,
				   &next);
		ss->apply_conf = next;
		nflb_nl_notify(nn, c->cmd, &svc->key, &next, NULL);
		return 0;
	case NFLB_CMD_DEL_SERVICE:
		nflb_nl_notify(nn, c->cmd, &svc->key, NULL, NULL);
		delete_service(cm, svc);
		ss->cur = NULL;
		return 0;
	default:
		return apply_dest(cm, ss, c, extack);
	}
}

/* Show packets what the applied changes made, service by service. */
static void publish(struct commit *cm)
{
	struct nflb_service *svc, *old, *tmp;
	struct nflb_dest *dest, *dtmp;
	struct shadow_svc *ss;

	list_for_each_entry(ss, &cm->sh->svcs, list) {
		svc = ss->cur;
		if (!svc || !svc->published)
			continue;
		if (ss->edited) {
			if (nflb_service_edit(svc, &ss->apply_conf,
					      NFLB_SVC_CONF_ALL, NULL))
				pr_warn_ratelimited(
					"no memory for a service's new settings\n");
		}
		/*
		 * Only a set that still holds a deleted destination must be
		 * replaced whatever memory is left; short of it, another
		 * keeps its last one until the service's next change.
		 */
		if (ss->stale &&
		    nflb_service_rebuild_set(svc, ss->shrunk, NULL))
			pr_warn_ratelimited(
				"no memory for a service's new real servers: it keeps its last set\n");
		cond_resched();
	}
	list_for_each_entry_safe(svc, tmp, &cm->fresh, batch) {
		list_del_init(&svc->batch);
		if (nflb_service_rebuild_set(svc, false, NULL))
			pr_warn_ratelimited(
				"no memory for a new service's real servers: it refuses new connections until its next change\n");
		ss = find_shadow(cm->sh, &svc->key);
		old = ss ? ss->start : NULL;
		if (old && !(old->published && !list_empty(&old->batch)))
			old = NULL;
		if (nflb_service_publish(svc, old)) {
			pr_warn_ratelimited("no memory to add a service\n");
			nflb_service_del(svc);
			continue;
		}
		if (old) {
			list_del_init(&old->batch);
			nflb_service_del(old);
		}
		cond_resched();
	}
	list_for_each_entry_safe(svc, tmp, &cm->doomed, batch) {
		list_del_init(&svc->batch);
		nflb_service_del(svc);
	}
	list_for_each_entry_safe(dest, dtmp, &cm->unlinked, list) {
		list_del(&dest->list);
		nflb_dest_release(dest);
	}
}

int nflb_changes_commit(struct nflb_net *nn, const struct nflb_change *c, u32 n,
			bool check_only, struct netlink_ext_ack *extack)
{
	const struct nflb_change *first_new = NULL;
	struct commit cm = { .sh = NULL };
	struct shadow_svc *ss;
	struct shadow sh;
	u32 i;
	int err;

	lockdep_assert_held(&nn->lock);
	err = shadow_init(&sh, nn, n);
	for (i = 0; !err && i < n; i++) {
		err = check_one(&sh, &c[i], extack);
		if (err)
			nflb_point_at(extack, c[i].attr);
		if (!first_new && c[i].cmd == NFLB_CMD_NEW_SERVICE)
			first_new = &c[i];
		cond_resched();
	}
	if (err || check_only)
		goto out;

	/* A new service needs reassembly (defrag.c); refused, it changes
	 * nothing yet.
	 */
	if (first_new) {
		err = nflb_defrag_need(nn);
		if (err) {
			NL_SET_ERR_MSG(extack, "Cannot enable defragmentation");
			nflb_point_at(extack, first_new->attr);
			goto out;
		}
	}

	cm.sh = &sh;
	INIT_LIST_HEAD(&cm.fresh);
	INIT_LIST_HEAD(&cm.doomed);
	INIT_LIST_HEAD(&cm.unlinked);
	list_for_each_entry(ss, &sh.svcs, list) {
		ss->cur = ss->start;
		if (ss->start)
			nflb_service_conf(ss->start, &ss->apply_conf);
	}
	for (i = 0; i < n; i++) {
		err = apply_one(&cm, &c[i], extack);
		if (err) {
			/* Only an allocation can fail here; what was applied
			 * before it stays.
			 */
			pr_warn_ratelimited(
				"a batch stopped at change %u of %u (error %d)\n",
				i + 1, n, err);
			nflb_point_at(extack, c[i].attr);
			break;
		}
		cond_resched();
	}
	publish(&cm);
	nflb_defrag_idle(nn);
out:
	shadow_free(&sh);
	return err;
}
