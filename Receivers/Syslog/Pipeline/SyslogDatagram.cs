using System.Net;

namespace FirewallGateway.Receivers.Syslog.Pipeline;

/// <summary>A message copied out of a receive buffer into a pooled array, with the sender that passed the allow-list.</summary>
internal readonly record struct SyslogDatagram(byte[] Buffer, int Length, IPAddress Sender);
