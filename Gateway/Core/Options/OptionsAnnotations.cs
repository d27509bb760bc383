using System.ComponentModel.DataAnnotations;
using System.Diagnostics.CodeAnalysis;

namespace FirewallGateway.Core.Options;

/// <summary>Runs an options object's DataAnnotations and names each failure by its full configuration key.</summary>
public static class OptionsAnnotations
{
    /// <summary>
    /// One message per failure, <c>{key}:{property}: {reason}</c>. Trim- and AOT-safe: the annotation on
    /// <typeparamref name="T"/> keeps the public properties (and their attributes) that the validator reads by
    /// reflection, which is what the suppressed warning is about; the native <c>rules test</c> relies on it.
    /// </summary>
    [UnconditionalSuppressMessage("Trimming", "IL2026", Justification = "T's public properties are kept by its DynamicallyAccessedMembers annotation.")]
    public static IEnumerable<string> Validate<[DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicProperties)] T>(T value, string key)
        where T : class
    {
        var results = new List<ValidationResult>();
        // The display-name constructor: the one-argument one looks the type's display name up by reflection.
        Validator.TryValidateObject(value, new ValidationContext(value, typeof(T).Name, null, null), results, validateAllProperties: true);
        return results.Select(r => $"{key}:{string.Join(',', r.MemberNames)}: {r.ErrorMessage}");
    }
}
