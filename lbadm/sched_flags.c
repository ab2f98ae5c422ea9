// SPDX-License-Identifier: GPL-2.0
/*
 * Scheduler flags: three generic bits, which sh and mh name after what
 * they mean to them (fallback, port).
 */
#include <stdio.h>
#include <string.h>

#include "nflb.h"
#include "sched_flags.h"

static const struct {
	const char *name;
	const char *sched; /* the only scheduler it applies to, or NULL */
	uint32_t flag;
} sched_flags[] = {
	{ "flag-1", NULL, NFLB_SVC_F_SCHED1 },
	{ "flag-2", NULL, NFLB_SVC_F_SCHED2 },
	{ "flag-3", NULL, NFLB_SVC_F_SCHED3 },
	{ "sh-fallback", "sh", NFLB_SVC_F_FALLBACK },
	{ "sh-port", "sh", NFLB_SVC_F_PORT },
	{ "mh-fallback", "mh", NFLB_SVC_F_FALLBACK },
	{ "mh-port", "mh", NFLB_SVC_F_PORT },
};

#define N_FLAGS (sizeof(sched_flags) / sizeof(sched_flags[0]))

int lbadm_parse_sched_flags(const char *text, const char *sched,
			    uint32_t *flags, char *err, size_t errlen)
{
	char copy[256], *name, *save = NULL;
	size_t i;

	*flags = 0;
	if (!*text || strlen(text) >= sizeof(copy)) {
		snprintf(err, errlen, "invalid scheduler flags '%s'", text);
		return 2;
	}
	strcpy(copy, text);
	for (name = strtok_r(copy, ",", &save); name;
	     name = strtok_r(NULL, ",", &save)) {
		for (i = 0; i < N_FLAGS; i++)
			if (!strcmp(name, sched_flags[i].name))
				break;
		if (i == N_FLAGS) {
			snprintf(err, errlen, "invalid scheduler flag '%s'",
				 name);
			return 2;
		}
		if (sched_flags[i].sched &&
		    strcmp(sched_flags[i].sched, sched)) {
			snprintf(
				err, errlen,
				"scheduler flag '%s' does not apply to scheduler '%s'",
				name, sched);
			return 2;
		}
		*flags |= sched_flags[i].flag;
	}
	return 0;
}

void lbadm_format_sched_flags(char *buf, size_t len, const char *sched,
			      uint32_t flags)
{
	size_t i, used = 0;

	buf[0] = '\0';
	for (i = 0; i < N_FLAGS && used < len; i++) {
		const char *only = sched_flags[i].sched;
		int named = !strcmp(sched, "sh") || !strcmp(sched, "mh");

		if (!(flags & sched_flags[i].flag))
			continue;
		/* sh and mh list their own names, the others flag-N. */
		if (named ? (only ? strcmp(only, sched) :
				    sched_flags[i].flag != NFLB_SVC_F_SCHED3) :
			    only != NULL)
			continue;
		used += snprintf(buf + used, len - used, "%s%s",
				 used ? "," : "", sched_flags[i].name);
	}
}
