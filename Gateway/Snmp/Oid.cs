using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Text;

namespace FirewallGateway.Snmp;

/// <summary>
/// An SNMP object identifier ("1.3.6.1.2.1.1.3.0"). Immutable; at least two components (BER packs the first two
/// into one sub-identifier), at most 128 (RFC 2578 3.5), each an unsigned 32-bit number.
/// </summary>
public readonly struct Oid : IEquatable<Oid>, IComparable<Oid>
{
    /// <summary>RFC 2578 3.5: no more than 128 sub-identifiers.</summary>
    public const int MaxComponents = 128;

    private readonly uint[]? _components;

    private Oid(uint[] components)
    {
        _components = components;
    }

    /// <summary>The sub-identifiers, first to last; empty for <c>default(Oid)</c>.</summary>
    public ReadOnlySpan<uint> Components => _components;

    /// <summary>The number of sub-identifiers.</summary>
    public int Length => _components?.Length ?? 0;

    /// <summary>Builds an OID from its sub-identifiers, checking the rules in the type's summary.</summary>
    /// <exception cref="ArgumentException">Fewer than two or more than 128 components, or a bad first pair.</exception>
    public static Oid FromComponents(ReadOnlySpan<uint> components)
    {
        if (!IsValid(components, out string? why))
        {
            throw new ArgumentException(why, nameof(components));
        }

        return new Oid(components.ToArray());
    }

    /// <summary>Parses dotted decimal, with or without a leading dot.</summary>
    /// <exception cref="FormatException">Not a valid OID.</exception>
    public static Oid Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return TryParse(text, out Oid oid) ? oid : throw new FormatException($"'{text}' is not a valid OID");
    }

    /// <summary>Parses dotted decimal, with or without a leading dot; never throws.</summary>
    public static bool TryParse([NotNullWhen(true)] string? text, out Oid oid)
    {
        oid = default;
        if (string.IsNullOrEmpty(text))
        {
            return false;
        }

        ReadOnlySpan<char> rest = text.AsSpan();
        if (rest[0] == '.')
        {
            rest = rest[1..];
        }

        var components = new List<uint>();
        foreach (Range part in rest.Split('.'))
        {
            ReadOnlySpan<char> digits = rest[part];
            // Digits only: uint.TryParse would also take signs and spaces.
            if (digits.IsEmpty || digits.ContainsAnyExceptInRange('0', '9')
                || !uint.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out uint value)
                || components.Count == MaxComponents)
            {
                return false;
            }

            components.Add(value);
        }

        if (!IsValid(components.ToArray(), out _))
        {
            return false;
        }

        oid = new Oid(components.ToArray());
        return true;
    }

    /// <summary>Whether this OID equals <paramref name="prefix"/> or lies under it.</summary>
    public bool StartsWith(Oid prefix) => Components.StartsWith(prefix.Components);

    /// <summary>This OID with <paramref name="more"/> sub-identifiers appended (for instance ".0").</summary>
    public Oid Append(params ReadOnlySpan<uint> more)
    {
        var all = new uint[Length + more.Length];
        Components.CopyTo(all);
        more.CopyTo(all.AsSpan(Length));
        return FromComponents(all);
    }

    public bool Equals(Oid other) => Components.SequenceEqual(other.Components);

    public override bool Equals(object? obj) => obj is Oid other && Equals(other);

    public override int GetHashCode()
    {
        var hash = new HashCode();
        foreach (uint component in Components)
        {
            hash.Add(component);
        }

        return hash.ToHashCode();
    }

    /// <summary>Lexicographic order, the order GetNext walks a MIB in.</summary>
    public int CompareTo(Oid other) => Components.SequenceCompareTo(other.Components);

    public override string ToString()
    {
        var text = new StringBuilder(Length * 4);
        foreach (uint component in Components)
        {
            if (text.Length > 0)
            {
                text.Append('.');
            }

            text.Append(component.ToString(CultureInfo.InvariantCulture));
        }

        return text.ToString();
    }

    public static bool operator ==(Oid left, Oid right) => left.Equals(right);

    public static bool operator !=(Oid left, Oid right) => !left.Equals(right);

    public static bool operator <(Oid left, Oid right) => left.CompareTo(right) < 0;

    public static bool operator >(Oid left, Oid right) => left.CompareTo(right) > 0;

    public static bool operator <=(Oid left, Oid right) => left.CompareTo(right) <= 0;

    public static bool operator >=(Oid left, Oid right) => left.CompareTo(right) >= 0;

    internal static Oid FromValidatedComponents(uint[] components) => new(components);

    internal static bool IsValid(ReadOnlySpan<uint> components, [NotNullWhen(false)] out string? why)
    {
        why = components.Length switch
        {
            < 2 => "an OID needs at least two components",
            > MaxComponents => $"an OID has at most {MaxComponents} components",
            _ when components[0] > 2 => "the first OID component must be 0, 1 or 2",
            // X.690 8.19.4: the first two arcs share one sub-identifier, 40 * X + Y, which must fit 32 bits.
            _ when components[0] < 2 && components[1] >= 40 => "the second OID component must be below 40 under 0 and 1",
            _ when components[0] == 2 && components[1] > uint.MaxValue - 80 => "the second OID component is too large",
            _ => null,
        };
        return why is null;
    }
}
