// SPDX-License-Identifier: GPL-2.0
/*
 * lbadm -R: commands read from standard input, one per line as on the
 * command line (what -S writes), committed by the kernel as one batch.
 * A line that does not parse, or that the kernel refuses, is named and
 * nothing is changed.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmd.h"
#include "restore.h"

#define MAX_WORDS 64

/* Blank-separated words of line, in place; -1 when there are too many. */
static int split(char *line, char **argv, int max)
{
	char *save = NULL, *word;
	int n = 0;

	for (word = strtok_r(line, " \t\r\n", &save); word;
	     word = strtok_r(NULL, " \t\r\n", &save)) {
		if (n == max)
			return -1;
		argv[n++] = word;
	}
	return n;
}

/* Add what cmd does to b; its operation (for messages) in *op. */
static int add_to_batch(struct nflb_batch *b, const struct lbadm_cmd *cmd,
			enum nflb_op *op)
{
	const struct nflb_svc *svc = &cmd->svc;
	const struct nflb_dest *dest = &cmd->dest;

	switch (cmd->command) {
	case CMD_ADD_SERVICE:
		*op = NFLB_OP_ADD_SERVICE;
		return nflb_batch_add_service(b, svc);
	case CMD_EDIT_SERVICE:
		*op = NFLB_OP_EDIT_SERVICE;
		return nflb_batch_edit_service(b, svc);
	case CMD_DEL_SERVICE:
		*op = NFLB_OP_DEL_SERVICE;
		return nflb_batch_del_service(b, svc);
	case CMD_CLEAR:
		*op = NFLB_OP_FLUSH;
		return nflb_batch_flush(b);
	case CMD_ADD_DEST:
		*op = NFLB_OP_ADD_DEST;
		return nflb_batch_add_dest(b, svc, dest);
	case CMD_EDIT_DEST:
		*op = NFLB_OP_EDIT_DEST;
		return nflb_batch_edit_dest(b, svc, dest);
	case CMD_DEL_DEST:
		*op = NFLB_OP_DEL_DEST;
		return nflb_batch_del_dest(b, svc, dest);
	default:
		return 1;
	}
}

struct restore {
	struct nflb_batch *batch;
	size_t n, cap; /* changes, and room for them */
	unsigned int *line; /* the input line of each change */
	enum nflb_op *op; /* and its operation */
};

static void restore_free(struct restore *r)
{
	nflb_batch_free(r->batch);
	free(r->line);
	free(r->op);
}

/* Parse one input line into r; 0, or 2 with err filled. */
static int read_line(struct restore *r, char *text, unsigned int lineno,
		     char *err, size_t errlen)
{
	char *argv[MAX_WORDS + 1] = { "lbadm" };
	char why[400];
	struct lbadm_cmd cmd;
	enum nflb_op op;
	int argc;

	argc = split(text, argv + 1, MAX_WORDS);
	if (argc < 0) {
		snprintf(err, errlen, "line %u: more than %d words", lineno,
			 MAX_WORDS);
		return 2;
	}
	if (argc == 0 || argv[1][0] == '#')
		return 0;
	if (lbadm_parse(argc + 1, argv, &cmd, why, sizeof(why))) {
		snprintf(err, errlen, "line %u: %s", lineno, why);
		return 2;
	}
	switch (add_to_batch(r->batch, &cmd, &op)) {
	case 0:
		break;
	case 1:
		snprintf(err, errlen, "line %u: %s cannot be part of a restore",
			 lineno, lbadm_command_name(cmd.command));
		return 2;
	default:
		snprintf(err, errlen, "out of memory");
		return 2;
	}
	if (r->n == r->cap) {
		size_t cap = r->cap ? 2 * r->cap : 64;
		unsigned int *line = realloc(r->line, cap * sizeof(*line));
		enum nflb_op *ops = line ? realloc(r->op, cap * sizeof(*ops)) :
					   NULL;

		if (line)
			r->line = line;
		if (!ops) {
			snprintf(err, errlen, "out of memory");
			return 2;
		}
		r->op = ops;
		r->cap = cap;
	}
	r->line[r->n] = lineno;
	r->op[r->n++] = op;
	return 0;
}

int lbadm_restore(struct nflb_handle *h, FILE *in, int check_only)
{
	struct restore r = { .batch = nflb_batch_new() };
	unsigned int lineno = 0;
	size_t cap = 0;
	char err[512];
	char *text = NULL;
	long refused;
	int rc = 0;

	if (!r.batch) {
		fprintf(stderr, "lbadm: out of memory\n");
		return 2;
	}
	while (!rc && getline(&text, &cap, in) >= 0)
		rc = read_line(&r, text, ++lineno, err, sizeof(err));
	free(text);
	if (rc) {
		fprintf(stderr, "lbadm: %s\n", err);
		restore_free(&r);
		return rc;
	}
	rc = nflb_batch_commit(h, r.batch, check_only, &refused);
	if (rc && refused >= 0 && (size_t)refused < r.n)
		fprintf(stderr, "lbadm: line %u: %s\n", r.line[refused],
			nflb_strerror(r.op[refused], rc, nflb_last_msg(h)));
	else if (rc == -EMSGSIZE)
		fprintf(stderr,
			"lbadm: %zu changes are more than one request can carry here (raise net.core.wmem_max)\n",
			r.n);
	else if (rc)
		fprintf(stderr, "lbadm: %s\n",
			nflb_strerror(NFLB_OP_FLUSH, rc, nflb_last_msg(h)));
	restore_free(&r);
	return rc ? LBADM_EXIT_REFUSED : 0;
}
