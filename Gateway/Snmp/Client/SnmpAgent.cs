using System.Net;

namespace FirewallGateway.Snmp.Client;

/// <summary>
/// Where an agent is and how to speak to it: a community for v2c, a USM user for v3. Secrets stay out of
/// <see cref="ToString"/>.
/// </summary>
public sealed record SnmpAgent
{
    private SnmpAgent(EndPoint endPoint, SnmpVersion version, string? community, UsmUser? user)
    {
        EndPoint = endPoint;
        Version = version;
        Community = community;
        User = user;
    }

    /// <summary>An <see cref="IPEndPoint"/> or a <see cref="DnsEndPoint"/>, resolved at each request.</summary>
    public EndPoint EndPoint { get; }

    public SnmpVersion Version { get; }

    public string? Community { get; }

    public UsmUser? User { get; }

    public static SnmpAgent V2c(EndPoint endPoint, string community)
    {
        ArgumentNullException.ThrowIfNull(endPoint);
        ArgumentException.ThrowIfNullOrEmpty(community);
        return new SnmpAgent(endPoint, SnmpVersion.V2c, community, null);
    }

    public static SnmpAgent V3(EndPoint endPoint, UsmUser user)
    {
        ArgumentNullException.ThrowIfNull(endPoint);
        ArgumentNullException.ThrowIfNull(user);
        return new SnmpAgent(endPoint, SnmpVersion.V3, null, user);
    }

    public override string ToString() => Version == SnmpVersion.V2c
        ? $"{EndPoint} (v2c)"
        : $"{EndPoint} (v3 user {User!.Name}, {User.AuthProtocol}/{User.PrivProtocol})";
}
