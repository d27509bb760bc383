using FirewallGateway.Core.Addresses;

namespace FirewallGateway.Core.Options;

/// <summary>Checks <see cref="PolicyOptions"/>: ranges, and every allow-list address parses.</summary>
public sealed class PolicyOptionsValidator() : SectionValidator<PolicyOptions>(PolicyOptions.SectionName)
{
    protected override IEnumerable<string> ValidateMore(PolicyOptions options)
    {
        if (options.MinimumBanDuration > options.MaximumBanDuration)
        {
            yield return $"{SectionPath}:MinimumBanDuration must not be longer than {SectionPath}:MaximumBanDuration";
        }

        for (int i = 0; i < options.AllowList.Count; i++)
        {
            if (!BanAddress.TryParse(options.AllowList[i].Address, out _))
            {
                yield return $"{SectionPath}:AllowList:{i}:Address '{options.AllowList[i].Address}' is not an IPv4/IPv6 address or CIDR block";
            }
        }
    }
}
