using FirewallGateway.Core.Decisions;
using FirewallGateway.Core.Diagnostics;
using FirewallGateway.Core.Filtering;
using FirewallGateway.Core.Options;
using FirewallGateway.Core.Security;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace FirewallGateway.Core;

/// <summary>Registers the decision core: policy, filter, the single writer, operator actions, login throttling.</summary>
public static class CoreServiceCollectionExtensions
{
    public static IServiceCollection AddGatewayCore(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        services.TryAddSingleton(TimeProvider.System);
        services.AddMetrics();
        services.AddValidatedOptions<PolicyOptions>(configuration, PolicyOptions.SectionName, new PolicyOptionsValidator());
        services.AddValidatedOptions<DecisionWriterOptions>(
            configuration, DecisionWriterOptions.SectionName, new SectionValidator<DecisionWriterOptions>(DecisionWriterOptions.SectionName));
        services.AddValidatedOptions<LoginThrottleOptions>(
            configuration, LoginThrottleOptions.SectionName, new SectionValidator<LoginThrottleOptions>(LoginThrottleOptions.SectionName));
        services.TryAddSingleton<LoginThrottle>();
        services.TryAddSingleton<AnonymousRequestLog>();
        services.TryAddSingleton<ReportMetrics>();
        services.TryAddSingleton<AddressFilter>();
        services.TryAddSingleton<ReportQueue>();
        services.TryAddSingleton<IReportSink, DecisionService>();
        services.TryAddSingleton<OperatorActions>();
        services.AddHostedService<DecisionWriter>();
        return services;
    }

    /// <summary>
    /// Binds a section strictly (a misspelt key is an error naming it) and validates it when the host starts.
    /// </summary>
    public static IServiceCollection AddValidatedOptions<TOptions>(
        this IServiceCollection services, IConfiguration configuration, string sectionPath, IValidateOptions<TOptions> validator)
        where TOptions : class
    {
        services.AddOptions<TOptions>()
            .Bind(configuration.GetSection(sectionPath), binder => binder.ErrorOnUnknownConfiguration = true)
            .ValidateOnStart();
        services.AddSingleton(validator);
        return services;
    }
}
