using System.ComponentModel.DataAnnotations;
using System.Globalization;

namespace FirewallGateway.Core.Options;

/// <summary>
/// <c>[Range(typeof(TimeSpan), min, max)]</c> with the same check and message, without its TypeConverter lookup:
/// that lookup is not trim-safe (IL2026), and the options the native <c>rules test</c> validates
/// (<c>Receivers:Syslog</c>) must be. Bounds are invariant <see cref="TimeSpan"/> text (<c>d.hh:mm:ss</c>).
/// </summary>
[AttributeUsage(AttributeTargets.Property | AttributeTargets.Field | AttributeTargets.Parameter, AllowMultiple = false)]
public sealed class TimeSpanRangeAttribute(string minimum, string maximum) : ValidationAttribute("The field {0} must be between {1} and {2}.")
{
    public TimeSpan Minimum { get; } = TimeSpan.Parse(minimum, CultureInfo.InvariantCulture);

    public TimeSpan Maximum { get; } = TimeSpan.Parse(maximum, CultureInfo.InvariantCulture);

    /// <summary>As <see cref="RangeAttribute"/>: no value passes (<c>[Required]</c> says otherwise).</summary>
    public override bool IsValid(object? value) => value is null || (value is TimeSpan span && span >= Minimum && span <= Maximum);

    public override string FormatErrorMessage(string name) =>
        string.Format(CultureInfo.CurrentCulture, ErrorMessageString, name, Minimum, Maximum);
}
