// SPDX-License-Identifier: GPL-2.0
/*
 * Rates of services and destinations, estimated as IPVS does so that
 * lbadm --rate reads like ipvsadm --rate: every two seconds each rate
 * moves a quarter of the way toward the rate of the last two seconds.
 * Averages are kept scaled: connections and packets by 2^10, bytes by
 * 2^5, per second.
 */
#include <linux/workqueue.h>

#include "nflb.h"

#define EST_INTERVAL (2 * HZ)

/* Two seconds' increase, scaled by 2^shift per second (2^(shift-1) per 2 s). */
static void est_step(u64 *avg, u64 now, u64 *last, int shift)
{
	s64 rate = (s64)((now - *last) << (shift - 1));

	*last = now;
	*avg += (rate - (s64)*avg) >> 2;
}

static void est_update(struct nflb_est *e,
		       struct nflb_stats_pcpu __percpu *stats)
{
	struct nflb_stats now;

	nflb_stats_read(stats, &now);
	est_step(&e->cps, now.conns, &e->last.conns, 10);
	est_step(&e->inpps, now.inpkts, &e->last.inpkts, 10);
	est_step(&e->outpps, now.outpkts, &e->last.outpkts, 10);
	est_step(&e->inbps, now.inbytes, &e->last.inbytes, 5);
	est_step(&e->outbps, now.outbytes, &e->last.outbytes, 5);
}

void nflb_est_read(const struct nflb_est *e, struct nflb_rates *r)
{
	r->cps = (e->cps + 0x1ff) >> 10;
	r->inpps = (e->inpps + 0x1ff) >> 10;
	r->outpps = (e->outpps + 0x1ff) >> 10;
	r->inbps = (e->inbps + 0xf) >> 5;
	r->outbps = (e->outbps + 0xf) >> 5;
}

/* With its counters zeroed (-Z), as IPVS's zeroing does. */
void nflb_est_zero(struct nflb_est *e)
{
	memset(e, 0, sizeof(*e));
}

static void est_work(struct work_struct *work)
{
	struct nflb_net *nn =
		container_of(to_delayed_work(work), struct nflb_net, est_work);
	struct nflb_service *svc;
	struct nflb_dest *dest;
	unsigned long id;

	mutex_lock(&nn->lock);
	xa_for_each(&nn->svc_ids, id, svc) {
		est_update(&svc->est, svc->stats);
		list_for_each_entry(dest, &svc->dests, list)
			est_update(&dest->est, dest->stats);
		cond_resched();
	}
	mutex_unlock(&nn->lock);
	queue_delayed_work(system_power_efficient_wq, &nn->est_work,
			   EST_INTERVAL);
}

void nflb_est_net_init(struct nflb_net *nn)
{
	INIT_DELAYED_WORK(&nn->est_work, est_work);
	queue_delayed_work(system_power_efficient_wq, &nn->est_work,
			   EST_INTERVAL);
}

void nflb_est_net_exit(struct nflb_net *nn)
{
	cancel_delayed_work_sync(&nn->est_work);
}
