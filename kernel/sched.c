// SPDX-License-Identifier: GPL-2.0
/* The registry of schedulers. */
#include <linux/string.h>

#include "sched.h"

static const struct nflb_sched_ops *const nflb_scheds[] = {
	&nflb_sched_rr,	  &nflb_sched_wrr,   &nflb_sched_lc, &nflb_sched_wlc,
	&nflb_sched_sed,  &nflb_sched_nq,    &nflb_sched_fo, &nflb_sched_ovf,
	&nflb_sched_sh,	  &nflb_sched_dh,    &nflb_sched_mh, &nflb_sched_twos,
	&nflb_sched_lblc, &nflb_sched_lblcr,
};

const struct nflb_sched_ops *nflb_sched_find(const char *name)
{
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(nflb_scheds); i++)
		if (!strcmp(nflb_scheds[i]->name, name))
			return nflb_scheds[i];
	return NULL;
}
