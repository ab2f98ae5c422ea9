// SPDX-License-Identifier: GPL-2.0
/* Tunnel options of a real server, parsed and listed as ipvsadm does. */
#include <stdio.h>
#include <string.h>

#include "tunnel.h"

static const char *const tun_names[] = {
	[NFLB_TUN_IPIP] = "ipip",
	[NFLB_TUN_GUE] = "gue",
	[NFLB_TUN_GRE] = "gre",
};

const char *lbadm_tun_type_name(uint8_t type)
{
	return type <= NFLB_TUN_MAX ? tun_names[type] : "?";
}

int lbadm_parse_tun_type(const char *text, uint8_t *type, char *err,
			 size_t errlen)
{
	uint8_t i;

	for (i = 0; i <= NFLB_TUN_MAX; i++) {
		if (!strcmp(text, tun_names[i])) {
			*type = i;
			return 0;
		}
	}
	snprintf(err, errlen, "invalid tunnel type '%s' (ipip, gue or gre)",
		 text);
	return 2;
}

static const char *csum_option(uint16_t flags)
{
	if (flags & NFLB_TUN_F_REMCSUM)
		return "tun-remcsum";
	return flags & NFLB_TUN_F_CSUM ? "tun-csum" : "tun-nocsum";
}

int lbadm_check_tunnel(const struct lbadm_cmd *cmd, char *err, size_t errlen)
{
	const struct nflb_dest *d = &cmd->dest;
	const char *type = tun_names[d->tun_type];
	unsigned int opts = cmd->options;

	if (!(opts & (OPT_TUN_TYPE | OPT_TUN_PORT | OPT_TUN_CSUM)))
		return 0;
	if ((d->fields & NFLB_DEST_FWD) && d->fwd != NFLB_FWD_TUNNEL) {
		snprintf(err, errlen,
			 "Tunnel options conflict with forward method");
		return 2;
	}
	if (d->tun_type == NFLB_TUN_GUE && !(opts & OPT_TUN_PORT)) {
		snprintf(
			err, errlen,
			"You need to supply the 'tun-port' option for the '%s' tunnel type",
			type);
		return 2;
	}
	if (d->tun_type != NFLB_TUN_GUE && (opts & OPT_TUN_PORT)) {
		snprintf(err, errlen,
			 "Illegal 'tun-port' option with the '%s' tunnel type",
			 type);
		return 2;
	}
	if ((opts & OPT_TUN_CSUM) && (d->tun_type == NFLB_TUN_IPIP ||
				      (d->tun_type == NFLB_TUN_GRE &&
				       (d->tun_flags & NFLB_TUN_F_REMCSUM)))) {
		snprintf(err, errlen,
			 "Illegal '%s' option with the '%s' tunnel type",
			 csum_option(d->tun_flags), type);
		return 2;
	}
	return 0;
}

void lbadm_format_tun_info(char *buf, size_t len, const struct nflb_dest *d)
{
	const char *csum = d->tun_flags & NFLB_TUN_F_REMCSUM ? "r+c" :
			   d->tun_flags & NFLB_TUN_F_CSUM    ? "+c" :
							       "-c";

	if (d->fwd != NFLB_FWD_TUNNEL || d->tun_type > NFLB_TUN_MAX)
		snprintf(buf, len, "n/a");
	else if (d->tun_type == NFLB_TUN_GUE)
		snprintf(buf, len, "gue:%u:%s", d->tun_port, csum);
	else if (d->tun_type == NFLB_TUN_GRE)
		snprintf(buf, len, "gre:%s", csum);
	else
		snprintf(buf, len, "ipip");
}
