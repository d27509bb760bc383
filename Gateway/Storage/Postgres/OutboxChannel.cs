namespace FirewallGateway.Storage.Postgres;

/// <summary>The LISTEN/NOTIFY channels of migrations 0002 and 0003.</summary>
internal static class OutboxChannel
{
    /// <summary>Payload: the name of the target that has new work.</summary>
    public const string Name = "firewallgateway_outbox";

    /// <summary>No payload: the allow-list changed, reload it.</summary>
    public const string AllowList = "firewallgateway_allow_list";
}
