using System.Diagnostics.CodeAnalysis;
using Microsoft.Extensions.Options;

namespace FirewallGateway.Core.Options;

/// <summary>
/// Runs the DataAnnotations of an options class and names every failure by its full configuration key
/// (<c>Policy:DefaultBanDuration: ...</c>), so a bad config stops the gateway with a message an operator can act on.
/// </summary>
/// <remarks>
/// Trim- and AOT-safe (the native <c>rules test</c> validates <c>Receivers:Syslog</c> with it): the annotation on
/// <typeparamref name="TOptions"/> keeps the public properties that <see cref="OptionsAnnotations"/> reads.
/// </remarks>
public class SectionValidator<[DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicProperties)] TOptions> : IValidateOptions<TOptions>
    where TOptions : class
{
    private readonly string _sectionPath;

    public SectionValidator(string sectionPath)
    {
        _sectionPath = sectionPath;
    }

    public ValidateOptionsResult Validate(string? name, TOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = OptionsAnnotations.Validate(options, _sectionPath)
            .Concat(ValidateMore(options))
            .ToList();
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    /// <summary>Cross-field and list rules; each message must start with the full key.</summary>
    protected virtual IEnumerable<string> ValidateMore(TOptions options) => [];

    /// <summary>The section the options are bound from, for messages.</summary>
    protected string SectionPath => _sectionPath;
}
