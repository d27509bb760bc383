using System.ComponentModel.DataAnnotations;

namespace FirewallGateway.Receivers.Syslog;

/// <summary>One listener (<c>Receivers:Syslog:Udp</c> or <c>Receivers:Syslog:Tcp</c>).</summary>
public sealed class SyslogEndpointOptions
{
    /// <summary>Whether this transport listens. Default true.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>
    /// The local address to bind. Default 127.0.0.1 (loopback until configured); <c>::</c> listens on IPv6 and
    /// IPv4, <c>0.0.0.0</c> on IPv4 only.
    /// </summary>
    public string Address { get; set; } = "127.0.0.1";

    /// <summary>The port. Default 514; 0 lets the system choose (the bound port is logged at start); 0 to 65535.</summary>
    [Range(0, 65_535)]
    public int Port { get; set; } = 514;
}
