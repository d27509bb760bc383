using FirewallGateway.Core;
using FirewallGateway.Core.Options;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace FirewallGateway.Receivers.Fail2ban;

/// <summary>Registers the fail2ban receiver's options (validated at start).</summary>
public static class Fail2banServiceCollectionExtensions
{
    public static IServiceCollection AddFail2banReceiver(this IServiceCollection services, IConfiguration configuration) =>
        services.AddValidatedOptions(
            configuration, Fail2banReceiverOptions.SectionName, new SectionValidator<Fail2banReceiverOptions>(Fail2banReceiverOptions.SectionName));
}
