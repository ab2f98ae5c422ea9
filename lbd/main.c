// SPDX-License-Identifier: GPL-2.0
/*
 * lbd: keeps the kernel's virtual services equal to a configuration file.
 * It applies the file at start and again on SIGHUP; a file that does not
 * validate is refused with its file, line and reason, and the running
 * state stays as it was. lbd owns the services of its network namespace:
 * what the file does not list is removed.
 */
#include <errno.h>
#include <getopt.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "config.h"
#include "reconcile.h"

#ifndef NFLB_VERSION
#define NFLB_VERSION "dev"
#endif

#define DEFAULT_CONFIG "/etc/nflb/lbd.conf"

static void say(const char *fmt, ...)
{
	va_list ap;

	fputs("lbd: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
}

static void count_actions(const struct lbd_plan *plan, size_t *add,
			  size_t *change, size_t *del)
{
	size_t i;

	*add = *change = *del = 0;
	for (i = 0; i < plan->n; i++) {
		switch (plan->actions[i].kind) {
		case ACT_ADD_SERVICE:
		case ACT_ADD_DEST:
			(*add)++;
			break;
		case ACT_EDIT_SERVICE:
		case ACT_EDIT_DEST:
			(*change)++;
			break;
		default:
			(*del)++;
		}
	}
}

/* Load, validate and apply the file; 0 on success. */
static int apply(struct nflb_handle *h, const char *path)
{
	struct nflb_table want, have;
	struct lbd_plan plan;
	size_t add, change, del;
	char err[512];
	int rc;

	if (lbd_config_load(path, &want, err, sizeof(err))) {
		say("%s; keeping the running configuration", err);
		return 1;
	}
	rc = nflb_get_table(h, &have);
	if (rc) {
		say("cannot read the kernel's services: %s",
		    nflb_strerror(NFLB_OP_LIST, rc, nflb_last_msg(h)));
		nflb_table_free(&want);
		return 1;
	}
	rc = lbd_plan_build(&have, &want, &plan);
	if (!rc) {
		rc = lbd_plan_apply(h, &plan, err, sizeof(err));
		count_actions(&plan, &add, &change, &del);
		if (rc)
			say("%s: %s; keeping the running configuration", path,
			    err);
		else
			say("applied %s: %zu services; %zu added, %zu changed, %zu removed",
			    path, want.nsvcs, add, change, del);
		lbd_plan_free(&plan);
	}
	nflb_table_free(&have);
	nflb_table_free(&want);
	return rc ? 1 : 0;
}

static void usage(FILE *out)
{
	fprintf(out,
		"Usage: lbd [-c FILE] [-t] [-p PIDFILE]\n"
		"  -c FILE     configuration (default " DEFAULT_CONFIG ")\n"
		"  -t          check the configuration and exit\n"
		"  -p PIDFILE  write the process id there\n"
		"  -v          print the version\n"
		"Signals: HUP re-reads the file, TERM and INT stop lbd.\n");
}

int main(int argc, char **argv)
{
	const char *path = DEFAULT_CONFIG, *pidfile = NULL;
	struct nflb_handle *h;
	int c, check = 0, sig;
	sigset_t set;

	while ((c = getopt(argc, argv, "c:tp:vh")) != -1) {
		switch (c) {
		case 'c':
			path = optarg;
			break;
		case 't':
			check = 1;
			break;
		case 'p':
			pidfile = optarg;
			break;
		case 'v':
			printf("lbd " NFLB_VERSION "\n");
			return 0;
		case 'h':
			usage(stdout);
			return 0;
		default:
			usage(stderr);
			return 2;
		}
	}
	if (optind < argc) {
		say("unexpected argument '%s'", argv[optind]);
		return 2;
	}
	if (check) {
		struct nflb_table want;
		char err[512];

		if (lbd_config_load(path, &want, err, sizeof(err))) {
			say("%s", err);
			return 1;
		}
		say("%s: %zu services, configuration OK", path, want.nsvcs);
		nflb_table_free(&want);
		return 0;
	}

	h = nflb_open();
	if (!h) {
		say("cannot reach the nflb module (%s); is it loaded?",
		    strerror(errno));
		return 1;
	}
	sigemptyset(&set);
	sigaddset(&set, SIGHUP);
	sigaddset(&set, SIGTERM);
	sigaddset(&set, SIGINT);
	sigprocmask(SIG_BLOCK, &set, NULL);
	if (pidfile) {
		FILE *f = fopen(pidfile, "w");

		if (!f) {
			say("cannot write '%s': %s", pidfile, strerror(errno));
			nflb_close(h);
			return 1;
		}
		fprintf(f, "%d\n", (int)getpid());
		fclose(f);
	}

	apply(h, path);
	for (;;) {
		if (sigwait(&set, &sig))
			continue;
		if (sig != SIGHUP)
			break;
		say("SIGHUP: re-reading %s", path);
		apply(h, path);
	}
	say("stopping; services stay as they are");
	if (pidfile)
		unlink(pidfile);
	nflb_close(h);
	return 0;
}
