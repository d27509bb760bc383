using FirewallGateway.Core.Options;

namespace FirewallGateway.Core.Dispatch;

/// <summary>Ranges from the attributes, plus the rules that relate two keys.</summary>
internal sealed class DispatchOptionsValidator : SectionValidator<DispatchOptions>
{
    public DispatchOptionsValidator()
        : base(DispatchOptions.SectionName)
    {
    }

    protected override IEnumerable<string> ValidateMore(DispatchOptions options)
    {
        if (options.RetryMaxDelay < options.RetryInitialDelay)
        {
            yield return $"{SectionPath}:RetryMaxDelay ({options.RetryMaxDelay}) must not be shorter than {SectionPath}:RetryInitialDelay ({options.RetryInitialDelay})";
        }

        if (options.RenewWithin <= options.ReconcileInterval)
        {
            yield return $"{SectionPath}:RenewWithin ({options.RenewWithin}) must be longer than {SectionPath}:ReconcileInterval ({options.ReconcileInterval}), or entries lapse between two reconciles";
        }
    }
}
