/**
 * Linux constants and layouts for packet capture (AF_PACKET), from the
 * kernel's UAPI headers (linux/if_packet.h, linux/if_ether.h, linux/filter.h,
 * linux/in.h). The same on x86-64 and arm64.
 */
export const packetLinux = {
  AF_PACKET: 17,
  SOCK_RAW: 3,
  SOL_SOCKET: 1,
  SOL_PACKET: 263,
  SO_RCVBUF: 8,
  SO_RCVBUFFORCE: 33,
  SO_ATTACH_FILTER: 26,
  PACKET_STATISTICS: 6,
  /** Every protocol: host order; the socket API wants it in network order. */
  ETH_P_ALL: 0x0003,
  ETH_P_IP: 0x0800,
  ETH_P_IPV6: 0x86dd,
  /** `sll_pkttype`: a frame this host sent, seen by a tap (on `lo` each frame also comes back as PACKET_HOST). */
  PACKET_HOST: 0,
  PACKET_OUTGOING: 4,
  IPPROTO_TCP: 6,
  IPPROTO_HOPOPTS: 0,
  IPPROTO_ROUTING: 43,
  IPPROTO_FRAGMENT: 44,
  IPPROTO_DSTOPTS: 60,
  MSG_DONTWAIT: 0x40,
  MSG_TRUNC: 0x20,
  /** `struct sockaddr_ll` (linux/if_packet.h). */
  sockaddrLlSize: 20,
  sllProtocolOffset: 2,
  sllIfindexOffset: 4,
  sllPkttypeOffset: 10,
  /** `struct sock_filter { u16 code; u8 jt; u8 jf; u32 k; }`. */
  sockFilterSize: 8,
  /** `struct sock_fprog { unsigned short len; struct sock_filter *filter; }`: the pointer is 8-aligned on 64-bit. */
  sockFprogSize: 16,
  sockFprogFilterOffset: 8,
  /** `struct tpacket_stats { unsigned int tp_packets; unsigned int tp_drops; }`. */
  tpacketStatsSize: 8,
  ethHeaderSize: 14,
  ipv6HeaderSize: 40,
} as const;

/**
 * Classic BPF opcodes (linux/bpf_common.h) and the ancillary load offset of
 * the packet type (linux/filter.h: SKF_AD_OFF + SKF_AD_PKTTYPE).
 */
export const bpf = {
  LD_W_ABS: 0x20,
  LD_H_ABS: 0x28,
  LD_B_ABS: 0x30,
  LD_H_IND: 0x48,
  /** `ldxb 4*([k]&0xf)`: the IPv4 header length. */
  LDX_B_MSH: 0xb1,
  JA: 0x05,
  JEQ_K: 0x15,
  JSET_K: 0x45,
  RET_K: 0x06,
  /** SKF_AD_OFF (-0x1000) + SKF_AD_PKTTYPE (4), as the unsigned 32-bit `k`. */
  AD_PKTTYPE: 0xfffff004,
} as const;
