namespace FirewallGateway.Storage.Postgres;

/// <summary>The LISTEN/NOTIFY channel of migration 0002: its payload is the name of the target that has new work.</summary>
internal static class OutboxChannel
{
    public const string Name = "firewallgateway_outbox";
}
