// SPDX-License-Identifier: GPL-2.0
/*
 * lbadm --monitor: each change the kernel applies, as the lbadm command
 * that makes it, so that the output replays with -R.
 */
#include <stdio.h>

#include "list.h"

static int print_event(const struct nflb_event *e, void *arg)
{
	unsigned int format = *(unsigned int *)arg;

	switch (e->cmd) {
	case NFLB_CMD_NEW_SERVICE:
		lbadm_save_svc_line(stdout, 'A', &e->svc, format);
		break;
	case NFLB_CMD_SET_SERVICE:
		lbadm_save_svc_line(stdout, 'E', &e->svc, format);
		break;
	case NFLB_CMD_DEL_SERVICE:
		lbadm_save_svc_line(stdout, 'D', &e->svc, format);
		break;
	case NFLB_CMD_NEW_DEST:
		lbadm_save_dest_line(stdout, 'a', &e->svc, &e->dest, format);
		break;
	case NFLB_CMD_SET_DEST:
		lbadm_save_dest_line(stdout, 'e', &e->svc, &e->dest, format);
		break;
	case NFLB_CMD_DEL_DEST:
		lbadm_save_dest_line(stdout, 'd', &e->svc, &e->dest, format);
		break;
	case NFLB_CMD_FLUSH:
		puts("-C");
		break;
	}
	fflush(stdout);
	return 0;
}

static void events_lost(void *arg)
{
	(void)arg;
	fprintf(stderr,
		"lbadm: the kernel dropped events (receive buffer full); what follows is incomplete\n");
}

int lbadm_monitor(struct nflb_handle *h, unsigned int format)
{
	return nflb_monitor(h, print_event, &format, events_lost);
}
