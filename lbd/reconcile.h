/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Reconciling: the changes that turn the kernel's table into the desired
 * one. Planning is pure (unit-tested); applying calls libnflb.
 */
#ifndef _NFLB_LBD_RECONCILE_H
#define _NFLB_LBD_RECONCILE_H

#include "libnflb.h"

enum lbd_action_kind {
	ACT_DEL_SERVICE,
	ACT_ADD_SERVICE,
	ACT_EDIT_SERVICE,
	ACT_DEL_DEST,
	ACT_ADD_DEST,
	ACT_EDIT_DEST,
};

struct lbd_action {
	enum lbd_action_kind kind;
	const struct nflb_svc *svc;
	const struct nflb_dest *dest;
};

struct lbd_plan {
	size_t n;
	size_t cap;
	struct lbd_action *actions;
};

/* Deletions of services first, so that nothing removed lingers. */
int lbd_plan_build(const struct nflb_table *have, const struct nflb_table *want,
		   struct lbd_plan *plan);
void lbd_plan_free(struct lbd_plan *plan);

/*
 * Apply plan as one batch, all or nothing; on a refusal err names the
 * action and the kernel's reason.
 */
int lbd_plan_apply(struct nflb_handle *h, const struct lbd_plan *plan,
		   char *err, size_t errlen);

#endif /* _NFLB_LBD_RECONCILE_H */
