using FirewallGateway.Adapters.Fail2banSsh;
using FirewallGateway.Adapters.Nftables;
using FirewallGateway.Adapters.RouterOs;
using FirewallGateway.Api;
using FirewallGateway.Auth;
using FirewallGateway.Core;
using FirewallGateway.Core.Dispatch;
using FirewallGateway.Core.Fleet;
using FirewallGateway.Core.Options;
using FirewallGateway.CrowdSec;
using FirewallGateway.Logging;
using FirewallGateway.Protection;
using FirewallGateway.Receivers.Fail2ban;
using FirewallGateway.Receivers.Graylog;
using FirewallGateway.Receivers.SnmpTrap;
using FirewallGateway.Receivers.Syslog;
using FirewallGateway.Reports;
using FirewallGateway.Storage;
using FirewallGateway.Targets;
using FirewallGateway.TargetSnmp;
using FirewallGateway.Web;

namespace FirewallGateway.Hosting;

/// <summary>Composition of the gateway: which parts exist and how requests reach them. No logic lives here.</summary>
internal static class GatewayApplication
{
    public static WebApplication Build(string[] args)
    {
        // Settings are read and validated once at start (targets, receivers and policy are built from them), so
        // watching the files for changes buys nothing; and the watcher covers the content root recursively, where
        // the default data/ folder lives: every SQLite WAL write would wake it (4 % of the CPU under load).
        var builder = WebApplication.CreateBuilder(["--hostBuilder:reloadConfigOnChange=false", .. args]);
        builder.Logging.EscapeControlCharacters();
        var services = builder.Services;
        var configuration = builder.Configuration;
        GatewayConfigFile.AddTo(configuration);
        services.AddSystemdIntegration();
        services.AddHttpsCertificateValidation(configuration);

        // Registered first, so it runs before any worker: validation, migrations, targets, allow-list, first login.
        services.AddHostedService<GatewayStartup>();
        services.AddHostedService<IdleMemoryTrimmer>();
        services.AddValidatedOptions(configuration, GatewayOptions.SectionName, new SectionValidator<GatewayOptions>(GatewayOptions.SectionName));
        services.AddGatewayStore(configuration);
        services.AddGatewayCore(configuration);
        services.AddGatewayDispatch(configuration);
        services.AddNftablesTargetKind();
        services.AddFail2banSshTargetKind();
        services.AddRouterOsTargetKind();
        services.AddConfiguredTargets(configuration);
        services.AddTargetSnmpPolling();
        services.AddOverloadShedding(configuration);
        services.AddSingleton<SelfProtection>();
        services.AddHostedService(sp => sp.GetRequiredService<SelfProtection>());
        services.AddGatewayAuthentication();
        services.AddGatewayDashboard(configuration);
        services.AddFail2banReceiver(configuration);
        services.AddSyslogReceiver(configuration);
        services.AddGraylogReceiver(configuration);
        services.AddSnmpTrapReceiver(configuration);
        services.AddCrowdSecApi(configuration);
        services.AddFleetStore();
        services.AddGatewayFleet();
        services.AddGatewayReports(configuration);
        services.AddGatewayMetrics();
        services.AddOpenApi();

        // The Basic handler's own per-request lines would let anyone flood the log: failed and throttled logins
        // are logged by the gateway through the rate-limited AnonymousRequestLog instead.
        builder.Logging.AddFilter("idunno.Authentication", LogLevel.Warning);
        builder.Logging.AddFilter("Microsoft.AspNetCore.Authentication", LogLevel.Warning);
        builder.Logging.AddFilter("Microsoft.AspNetCore.Authorization", LogLevel.Warning);

        // Kestrel warns once per connection refused over its hard ceiling (Limits:MaxConnections + MaxShedConnections):
        // under a flood that is thousands of lines a second, and the console logger blocks request threads once its queue is full. The refusals
        // are counted by Kestrel's own metric (kestrel.rejected_connections) instead.
        builder.Logging.AddFilter("Microsoft.AspNetCore.Server.Kestrel.Connections", LogLevel.Error);

        var app = builder.Build();

        // Shedding first: a request beyond capacity costs neither a password hash nor a body read.
        app.UseOverCapacityAnswer();
        app.UseRateLimiter();
        app.UseAuthentication();
        app.UseLoginThrottleResponses();
        app.UseGatewayDashboard(configuration);
        app.UseAuthorization();
        app.UseGatewayMetrics();
        app.MapHealthApi();
        app.MapFail2banReceiver();
        app.MapGraylogReceiver();
        app.MapDecisionsApi();
        app.MapAllowListApi();
        app.MapTargetsApi();
        app.MapAddressesApi();
        app.MapCredentialsApi();
        app.MapMetricsApi();
        app.MapBlocklistApi();
        app.MapStreamApi();
        app.MapReportsApi();
        app.MapTargetCheckApi();
        app.MapUnlockApi();
        app.MapServersApi();
        app.MapAllowListActivationApi();
        app.MapDecisionFeedApi();
        app.MapReportRateApi();
        app.MapCrowdSecApi();
        app.MapOpenApi();
        return app;
    }
}
