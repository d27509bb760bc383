using Microsoft.Extensions.Hosting.Systemd;
using Microsoft.Extensions.Logging.Console;

namespace FirewallGateway.Hosting;

/// <summary>
/// Type=notify for the packaged unit: READY=1 once every hosted service and Kestrel have started (so
/// <c>systemctl start</c> returns when the API answers, and a bad config fails the start instead of looking
/// active), STOPPING=1 on SIGTERM, and console lines prefixed with their syslog priority (<c>&lt;6&gt;</c>) that
/// journald turns into real levels.
/// </summary>
internal static class SystemdIntegration
{
    private const string NotifySocketVariable = "NOTIFY_SOCKET";

    public static IServiceCollection AddSystemdIntegration(this IServiceCollection services)
    {
        // The stock detection (SystemdHelpers: parent process named "systemd", or PID 1) misses a unit whose
        // process is not systemd's direct child and any supervisor speaking the same protocol; sd_notify(3)
        // itself only asks whether NOTIFY_SOCKET is set, and so does the gateway.
        bool notifyRequested = !string.IsNullOrEmpty(Environment.GetEnvironmentVariable(NotifySocketVariable));
        if (!notifyRequested && !SystemdHelpers.IsSystemdService())
        {
            return services;
        }

        services.Configure<ConsoleLoggerOptions>(options => options.FormatterName = ConsoleFormatterNames.Systemd);
#pragma warning disable CA1416 // SystemdLifetime is unsupported on android/browser/iOS only; the gateway runs on Linux.
        services.AddSingleton<ISystemdNotifier, SystemdNotifier>();
        services.AddSingleton<IHostLifetime, SystemdLifetime>();
#pragma warning restore CA1416
        return services;
    }
}
