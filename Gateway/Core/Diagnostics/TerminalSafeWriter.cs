using System.Text;

namespace FirewallGateway.Core.Diagnostics;

/// <summary>
/// The CLIs' standard output and error (the gateway's and the native <c>rules test</c>'s): passes line breaks and
/// tabs (the CLI's own layout) and escapes every other control character (<see cref="PrintableText"/>), so no
/// value shown, however it reached the gateway, can send ESC sequences to the operator's terminal. Line breaks
/// inside values are escaped where the value is formatted (the CLI's <c>TableWriter</c>, <c>why</c>), since only
/// there is a value told apart from layout.
/// </summary>
public sealed class TerminalSafeWriter(TextWriter inner) : TextWriter
{
    public override Encoding Encoding => inner.Encoding;

    public override IFormatProvider FormatProvider => inner.FormatProvider;

    [System.Diagnostics.CodeAnalysis.AllowNull]
    public override string NewLine
    {
        get => inner.NewLine;
        set => inner.NewLine = value;
    }

    public override void Write(char value)
    {
        if (IsLayout(value) || !PrintableText.IsUnsafe(value))
        {
            inner.Write(value);
            return;
        }

        var escaped = new StringBuilder(6);
        PrintableText.AppendEscaped(escaped, value);
        inner.Write(escaped.ToString());
    }

    public override void Write(string? value)
    {
        if (value is null || !HasUnsafe(value))
        {
            inner.Write(value);
            return;
        }

        var escaped = new StringBuilder(value.Length + 16);
        foreach (char c in value)
        {
            if (IsLayout(c))
            {
                escaped.Append(c);
            }
            else
            {
                PrintableText.AppendEscaped(escaped, c);
            }
        }

        inner.Write(escaped.ToString());
    }

    public override void Write(char[] buffer, int index, int count) => Write(new string(buffer, index, count));

    public override void Flush() => inner.Flush();

    public override Task FlushAsync() => inner.FlushAsync();

    private static bool HasUnsafe(string value)
    {
        foreach (char c in value)
        {
            if (!IsLayout(c) && PrintableText.IsUnsafe(c))
            {
                return true;
            }
        }

        return false;
    }

    private static bool IsLayout(char c) => c is '\n' or '\r' or '\t';
}
