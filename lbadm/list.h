/* SPDX-License-Identifier: GPL-2.0 */
/* ipvsadm-compatible listings. */
#ifndef _NFLB_LBADM_LIST_H
#define _NFLB_LBADM_LIST_H

#include <stdio.h>

#include "cmd.h"

void lbadm_sort_table(struct nflb_table *table);
/* "host:port" ("[v6]:port"), names unless format has FMT_NUMERIC. */
void lbadm_format_addrport(char *buf, size_t len, uint16_t af,
			   const union nflb_inet_addr *addr, uint16_t port,
			   uint8_t protocol, unsigned int format);
/* -S: the service and its servers as lbadm (ipvsadm) commands. */
void lbadm_save_service(FILE *out, const struct nflb_svc_entry *e,
			unsigned int format);
/* One command line: cmd 'A', 'E' or 'D' of svc ... */
void lbadm_save_svc_line(FILE *out, char cmd, const struct nflb_svc *svc,
			 unsigned int format);
/* ... or 'a', 'e' or 'd' of its real server d. */
void lbadm_save_dest_line(FILE *out, char cmd, const struct nflb_svc *svc,
			  const struct nflb_dest *d, unsigned int format);
/* --monitor: the change events, as the commands that make them. */
int lbadm_monitor(struct nflb_handle *h, unsigned int format);
/* -Lc: connections and templates, as ipvsadm prints them. */
/*
 * A forwarding method as -L lists it ("Masq"), as --json names it
 * ("masq"), and as -S writes it ("-m"; a local real server is "-g").
 */
struct lbadm_fwd_names {
	const char *label, *name, *option;
};
const struct lbadm_fwd_names *lbadm_fwd_names(uint32_t fwd);

/* "TCP" (label) or "tcp"; "IP" for a firewall-mark service's template. */
const char *lbadm_conn_protocol(const struct nflb_conn_entry *c, int label);
/* As ipvsadm -Lc names it: the TCP or SCTP state, "UDP", or a template's. */
const char *lbadm_conn_state_name(const struct nflb_conn_entry *c);
void lbadm_print_conns(FILE *out, const struct nflb_conn_list *list,
		       unsigned int format);
/* The first line of a full listing (ipvsadm omits it for one service). */
void lbadm_print_version(FILE *out, const struct nflb_info *info);
void lbadm_print_title(FILE *out, unsigned int format);
void lbadm_print_service(FILE *out, const struct nflb_svc_entry *entry,
			 unsigned int format);

#endif /* _NFLB_LBADM_LIST_H */
