// SPDX-License-Identifier: GPL-2.0
/*
 * Batches: changes gathered here, sent as one NFLB_CMD_BATCH request and
 * committed by the kernel whole or not at all.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"

struct change {
	uint8_t cmd;
	struct nflb_svc svc;
	struct nflb_dest dest;
	uint32_t start, end; /* where its nest lies in the request */
};

struct nflb_batch {
	size_t n, cap;
	struct change *c;
};

/* Generous bounds of one change's attributes, to size the request. */
#define CHANGE_MAX_BYTES 320

struct nflb_batch *nflb_batch_new(void)
{
	return calloc(1, sizeof(struct nflb_batch));
}

void nflb_batch_free(struct nflb_batch *b)
{
	if (!b)
		return;
	free(b->c);
	free(b);
}

size_t nflb_batch_len(const struct nflb_batch *b)
{
	return b->n;
}

static int add(struct nflb_batch *b, uint8_t cmd, const struct nflb_svc *svc,
	       const struct nflb_dest *dest)
{
	struct change *c;

	b->c = nflbi_grow(b->c, &b->cap, b->n, sizeof(*b->c));
	if (!b->c) {
		b->n = b->cap = 0;
		return -ENOMEM;
	}
	c = &b->c[b->n++];
	memset(c, 0, sizeof(*c));
	c->cmd = cmd;
	if (svc)
		c->svc = *svc;
	if (dest)
		c->dest = *dest;
	return 0;
}

int nflb_batch_add_service(struct nflb_batch *b, const struct nflb_svc *svc)
{
	return add(b, NFLB_CMD_NEW_SERVICE, svc, NULL);
}

int nflb_batch_edit_service(struct nflb_batch *b, const struct nflb_svc *svc)
{
	return add(b, NFLB_CMD_SET_SERVICE, svc, NULL);
}

int nflb_batch_del_service(struct nflb_batch *b, const struct nflb_svc *svc)
{
	return add(b, NFLB_CMD_DEL_SERVICE, svc, NULL);
}

int nflb_batch_add_dest(struct nflb_batch *b, const struct nflb_svc *svc,
			const struct nflb_dest *dest)
{
	return add(b, NFLB_CMD_NEW_DEST, svc, dest);
}

int nflb_batch_edit_dest(struct nflb_batch *b, const struct nflb_svc *svc,
			 const struct nflb_dest *dest)
{
	return add(b, NFLB_CMD_SET_DEST, svc, dest);
}

int nflb_batch_del_dest(struct nflb_batch *b, const struct nflb_svc *svc,
			const struct nflb_dest *dest)
{
	return add(b, NFLB_CMD_DEL_DEST, svc, dest);
}

int nflb_batch_flush(struct nflb_batch *b)
{
	return add(b, NFLB_CMD_FLUSH, NULL, NULL);
}

static int put_change(struct nl_msg *msg, struct change *c)
{
	struct nlattr *nest = nla_nest_start(msg, NFLB_A_CHANGE);
	int details = c->cmd != NFLB_CMD_DEL_SERVICE &&
		      c->cmd != NFLB_CMD_DEL_DEST;

	if (!nest || nla_put_u8(msg, NFLB_CHANGE_A_CMD, c->cmd))
		return -EMSGSIZE;
	c->start = (uint32_t)((char *)nest - (char *)nlmsg_hdr(msg));
	if (c->cmd != NFLB_CMD_FLUSH &&
	    nflbi_put_svc(msg, NFLB_CHANGE_A_SERVICE, &c->svc, details))
		return -EMSGSIZE;
	if ((c->cmd == NFLB_CMD_NEW_DEST || c->cmd == NFLB_CMD_SET_DEST ||
	     c->cmd == NFLB_CMD_DEL_DEST) &&
	    nflbi_put_dest(msg, NFLB_CHANGE_A_DEST, c->svc.af, &c->dest,
			   details))
		return -EMSGSIZE;
	nla_nest_end(msg, nest);
	c->end = c->start + nla_total_size(nla_len(nest));
	return 0;
}

/* The change whose nest holds offset, or -1. */
static long change_at(const struct nflb_batch *b, uint32_t offset)
{
	size_t lo = 0, hi = b->n;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (offset < b->c[mid].start)
			hi = mid;
		else if (offset >= b->c[mid].end)
			lo = mid + 1;
		else
			return (long)mid;
	}
	return -1;
}

int nflb_batch_commit(struct nflb_handle *h, struct nflb_batch *b,
		      int check_only, long *refused)
{
	size_t size = 4096 + b->n * CHANGE_MAX_BYTES;
	struct nl_msg *msg;
	size_t i;
	int err;

	if (refused)
		*refused = -1;
	msg = nflbi_new_msg_size(h, NFLB_CMD_BATCH, NLM_F_ACK, size);
	if (!msg)
		return -ENOMEM;
	if (check_only &&
	    nla_put_u32(msg, NFLB_A_BATCH_FLAGS, NFLB_BATCH_F_CHECK)) {
		nlmsg_free(msg);
		return -ENOMEM;
	}
	for (i = 0; i < b->n; i++) {
		if (put_change(msg, &b->c[i])) {
			nlmsg_free(msg);
			return -EMSGSIZE;
		}
	}
	err = nflbi_make_room(h, nlmsg_hdr(msg)->nlmsg_len);
	if (err) {
		nlmsg_free(msg);
		return err;
	}
	err = nflbi_request(h, msg, NULL, NULL);
	if (err && refused && nflbi_err_offset(h))
		*refused = change_at(b, nflbi_err_offset(h));
	return err;
}
