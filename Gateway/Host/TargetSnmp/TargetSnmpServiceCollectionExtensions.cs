namespace FirewallGateway.TargetSnmp;

/// <summary>Registers SNMP health polling of the targets that have a <c>Snmp</c> section.</summary>
internal static class TargetSnmpServiceCollectionExtensions
{
    public static IServiceCollection AddTargetSnmpPolling(this IServiceCollection services)
    {
        services.AddSingleton<TargetSnmpMetrics>();
        services.AddSingleton<TargetSnmpPoller>();
        services.AddHostedService(sp => sp.GetRequiredService<TargetSnmpPoller>());
        return services;
    }
}
