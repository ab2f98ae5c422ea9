// SPDX-License-Identifier: GPL-2.0
/* The registry of schedulers. */
#include <linux/string.h>

#include "sched.h"

static const struct nflb_sched_ops *const nflb_scheds[] = {
	&nflb_sched_rr,
	&nflb_sched_wrr,
};

const struct nflb_sched_ops *nflb_sched_find(const char *name)
{
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(nflb_scheds); i++)
		if (!strcmp(nflb_scheds[i]->name, name))
			return nflb_scheds[i];
	return NULL;
}
