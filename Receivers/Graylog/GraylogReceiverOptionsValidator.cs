using System.Text.RegularExpressions;
using FirewallGateway.Core.Options;

namespace FirewallGateway.Receivers.Graylog;

/// <summary>Validates <see cref="GraylogReceiverOptions"/> beyond its attributes; every message names the full key.</summary>
internal sealed partial class GraylogReceiverOptionsValidator : SectionValidator<GraylogReceiverOptions>
{
    public GraylogReceiverOptionsValidator()
        : base(GraylogReceiverOptions.SectionName)
    {
    }

    protected override IEnumerable<string> ValidateMore(GraylogReceiverOptions options)
    {
        if (options.AddressFields is { } fields)
        {
            for (int i = 0; i < fields.Count; i++)
            {
                if (string.IsNullOrWhiteSpace(fields[i]))
                {
                    yield return $"{SectionPath}:AddressFields:{i} must not be empty";
                }
                else if (fields[i].StartsWith("gl2_", StringComparison.OrdinalIgnoreCase))
                {
                    yield return $"{SectionPath}:AddressFields:{i} '{fields[i]}' is a Graylog bookkeeping field (gl2_*), never an attacker address";
                }
            }
        }

        if (options.EffectiveMessagePattern.Length > 0)
        {
            string? error = null;
            try
            {
                _ = new Regex(options.EffectiveMessagePattern, RegexOptions.NonBacktracking | RegexOptions.CultureInvariant);
            }
            catch (Exception ex) when (ex is ArgumentException or NotSupportedException)
            {
                error = ex.Message;
            }

            if (error is not null)
            {
                yield return $"{SectionPath}:MessagePattern is not a valid non-backtracking pattern (no lookarounds or backreferences): {error}";
            }
        }

        foreach (string message in CheckSecrets(nameof(GraylogReceiverOptions.ApiKeys), options.ApiKeys)
                     .Concat(CheckSecrets(nameof(GraylogReceiverOptions.PathTokens), options.PathTokens)))
        {
            yield return message;
        }
    }

    private IEnumerable<string> CheckSecrets(string key, IList<GraylogSecretOptions> secrets)
    {
        for (int i = 0; i < secrets.Count; i++)
        {
            if (!NamePattern().IsMatch(secrets[i].Name))
            {
                yield return $"{SectionPath}:{key}:{i}:Name must be 1 to 64 characters from [A-Za-z0-9_.@-]";
            }

            if (!SecretPattern().IsMatch(secrets[i].Secret))
            {
                yield return $"{SectionPath}:{key}:{i}:Secret must be 32 to 256 characters from [A-Za-z0-9_-]";
            }
        }
    }

    [GeneratedRegex(@"\A[A-Za-z0-9][A-Za-z0-9_.@-]{0,63}\z")]
    private static partial Regex NamePattern();

    [GeneratedRegex(@"\A[A-Za-z0-9_-]{32,256}\z")]
    private static partial Regex SecretPattern();
}
