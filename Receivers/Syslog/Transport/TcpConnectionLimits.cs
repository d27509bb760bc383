namespace FirewallGateway.Receivers.Syslog.Transport;

/// <summary>How many TCP connections the listener holds (in all, per sender) and how long an idle one may stay.</summary>
internal sealed record TcpConnectionLimits(int MaxConnections, int MaxPerSender, TimeSpan IdleTimeout);
