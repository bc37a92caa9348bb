using System.Globalization;

namespace ElasticScaler.Core.Model;

/// <summary>
/// apimachinery's labels.Parse (pkg/labels/selector.go): its lexer, its recursive descent and its messages, one for
/// one. Tokens are read one ahead from the text itself, so checking a selector allocates nothing unless it fails.
/// </summary>
internal struct LabelSelectorParser
{
    /// <summary>Returned when checking (no requirements built) finds a bad value inside an in/notin list: its message
    /// numbers the values in sorted order, which only a full parse knows.</summary>
    internal static readonly string DescribeByParsing = new('?', 1);

    private const string BinaryOperators = "in, notin, =, ==, !=, gt, lt";

    private enum Token { Error, EndOfString, ClosedPar, Comma, DoesNotExist, DoubleEquals, Equals, GreaterThan, Identifier, In, LessThan, NotEquals, NotIn, OpenPar }

    /// <summary>Where a requirement's key and operator parse to; In/NotIn are words that read as identifiers in values.</summary>
    private enum Context { KeyAndOperator, Values }

    private readonly record struct Item(Token Token, int Start, int Length);

    private readonly string _text;
    private readonly List<LabelRequirement>? _into;
    private int _position;
    private int _count;

    private LabelSelectorParser(string text, List<LabelRequirement>? into)
    {
        _text = text;
        _into = into;
    }

    /// <summary>Null when <paramref name="text"/> parses; the requirements go to <paramref name="into"/> when given.</summary>
    public static string? Parse(string text, List<LabelRequirement>? into, out int requirements)
    {
        var parser = new LabelSelectorParser(text, into);
        var error = parser.ParseAll();
        requirements = parser._count;
        return error;
    }

    private string? ParseAll()
    {
        while (true)
        {
            var (token, item) = Peek(Context.Values);
            switch (token)
            {
                case Token.Identifier or Token.DoesNotExist:
                    if (ParseRequirement() is { } error)
                        return ReferenceEquals(error, DescribeByParsing) ? error : "unable to parse requirement: " + error;
                    var (next, nextItem) = Consume(Context.Values);
                    switch (next)
                    {
                        case Token.EndOfString:
                            return null;
                        case Token.Comma:
                            var (after, afterItem) = Peek(Context.Values);
                            if (after is not (Token.Identifier or Token.DoesNotExist))
                                return $"found '{Literal(afterItem)}', expected: identifier after ','";
                            break;
                        default:
                            return $"found '{Literal(nextItem)}', expected: ',' or 'end of string'";
                    }
                    break;
                case Token.EndOfString:
                    return null;
                default:
                    return $"found '{Literal(item)}', expected: !, identifier, or 'end of string'";
            }
        }
    }

    private string? ParseRequirement()
    {
        // parseKeyAndInferOperator: [!] KEY, then exists unless an operator follows.
        LabelOperator? op = null;
        var (token, key) = Consume(Context.Values);
        if (token == Token.DoesNotExist)
        {
            op = LabelOperator.DoesNotExist;
            (token, key) = Consume(Context.Values);
        }
        if (token != Token.Identifier) return $"found '{Literal(key)}', expected: identifier";
        var keySpan = Span(key);
        if (!LabelSyntax.IsKey(keySpan))
        {
            var k = keySpan.ToString();
            return $"<nil>: Invalid value: {LabelSyntax.Quote(k)}: {LabelSyntax.KeyProblems(k)}";
        }
        if (Peek(Context.Values).Token is Token.EndOfString or Token.Comma) op ??= LabelOperator.Exists;
        if (op is LabelOperator.Exists or LabelOperator.DoesNotExist)
        {
            Add(key, op.Value, []);
            return null;
        }

        // parseOperator
        var (opToken, opItem) = Consume(Context.KeyAndOperator);
        LabelOperator binary;
        switch (opToken)
        {
            case Token.In: binary = LabelOperator.In; break;
            case Token.Equals: binary = LabelOperator.Equals; break;
            case Token.DoubleEquals: binary = LabelOperator.DoubleEquals; break;
            case Token.GreaterThan: binary = LabelOperator.GreaterThan; break;
            case Token.LessThan: binary = LabelOperator.LessThan; break;
            case Token.NotIn: binary = LabelOperator.NotIn; break;
            case Token.NotEquals: binary = LabelOperator.NotEquals; break;
            default: return $"found '{Literal(opItem)}', expected: {BinaryOperators}";
        }
        return binary is LabelOperator.In or LabelOperator.NotIn ? ParseValues(key, binary) : ParseExactValue(key, binary);
    }

    /// <summary>parseValues and parseIdentifiersList: "(" values ")", where empty entries are the empty value.</summary>
    private string? ParseValues(Item key, LabelOperator op)
    {
        var (open, openItem) = Consume(Context.Values);
        if (open != Token.OpenPar) return $"found '{Literal(openItem)}' expected: '('";
        var values = _into is null ? null : new SortedSet<string>(StringComparer.Ordinal);
        bool valid = true;
        void Insert(ReadOnlySpan<char> value)
        {
            if (values is not null) values.Add(value.ToString());
            else valid &= LabelSyntax.IsValue(value);
        }

        var (first, firstItem) = Peek(Context.Values);
        switch (first)
        {
            case Token.ClosedPar:   // "()"
                Consume(Context.Values);
                Insert("");
                break;
            case Token.Identifier or Token.Comma:
                bool any = false;
                while (true)
                {
                    var (token, item) = Consume(Context.Values);
                    if (token == Token.Identifier)
                    {
                        Insert(Span(item));
                        any = true;
                        var (next, nextItem) = Peek(Context.Values);
                        if (next == Token.Comma) continue;
                        if (next == Token.ClosedPar) break;
                        return $"found '{Literal(nextItem)}', expected: ',' or ')'";
                    }
                    if (token != Token.Comma) return $"found '{Literal(item)}', expected: ',', or identifier";
                    // "(,", ",)" and ",," each stand for the empty value.
                    if (!any) Insert("");
                    any = true;
                    var after = Peek(Context.Values).Token;
                    if (after == Token.ClosedPar)
                    {
                        Insert("");
                        break;
                    }
                    if (after == Token.Comma) Insert("");
                }
                Consume(Context.Values);   // the ")" just seen
                break;
            default:
                return $"found '{Literal(firstItem)}', expected: ',', ')' or identifier";
        }

        if (values is null)
        {
            if (!valid) return DescribeByParsing;
            Add(key, op, null);
            return null;
        }
        var sorted = values.ToArray();
        if (ValueErrors(key, sorted, integer: false) is { } error) return error;
        Add(key, op, sorted);
        return null;
    }

    /// <summary>parseExactValue: one value after =, ==, !=, &gt; or &lt;; nothing before "," or the end is the empty value.</summary>
    private string? ParseExactValue(Item key, LabelOperator op)
    {
        string value = "";
        if (Peek(Context.Values).Token is not (Token.EndOfString or Token.Comma))
        {
            var (token, item) = Consume(Context.Values);
            if (token != Token.Identifier) return $"found '{Literal(item)}', expected: identifier";
            var span = Span(item);
            bool integer = op is LabelOperator.GreaterThan or LabelOperator.LessThan;
            if (_into is null && LabelSyntax.IsValue(span) && (!integer || IsInteger(span)))
            {
                Add(key, op, null);
                return null;
            }
            value = span.ToString();
        }
        string[] values = [value];
        if (ValueErrors(key, values, op is LabelOperator.GreaterThan or LabelOperator.LessThan) is { } error) return error;
        Add(key, op, values);
        return null;
    }

    /// <summary>NewRequirement's checks of the values, aggregated as utilerrors does: one error alone, several in [a, b].</summary>
    private readonly string? ValueErrors(Item key, string[] values, bool integer)
    {
        List<string>? errors = null;
        if (integer)
        {
            for (int i = 0; i < values.Length; i++)
                if (!IsInteger(values[i]))
                    (errors ??= []).Add($"values[{i}]: Invalid value: {LabelSyntax.Quote(values[i])}: for 'Gt', 'Lt' operators, the value must be an integer");
        }
        for (int i = 0; i < values.Length; i++)
            if (!LabelSyntax.IsValue(values[i]))
                (errors ??= []).Add($"values[{i}][{Literal(key)}]: Invalid value: {LabelSyntax.Quote(values[i])}: {LabelSyntax.ValueProblems(values[i])}");
        if (errors is null) return null;
        var distinct = errors.Distinct().ToList();
        return distinct.Count == 1 ? distinct[0] : "[" + string.Join(", ", distinct) + "]";
    }

    private void Add(Item key, LabelOperator op, string[]? values)
    {
        _count++;
        _into?.Add(new LabelRequirement(Literal(key), op, values ?? []));
    }

    private static bool IsInteger(ReadOnlySpan<char> s) => long.TryParse(s, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out _);

    private readonly ReadOnlySpan<char> Span(Item item) => _text.AsSpan(item.Start, item.Length);

    private readonly string Literal(Item item) => item.Length == 0 ? "" : _text.Substring(item.Start, item.Length);

    // The parser's lookahead and consume: in a values context the words in and notin are identifiers.
    private readonly (Token Token, Item Item) Peek(Context context)
    {
        int position = _position;
        var item = Lex(_text, ref position);
        return (InContext(item.Token, context), item);
    }

    private (Token Token, Item Item) Consume(Context context)
    {
        var item = Lex(_text, ref _position);
        return (InContext(item.Token, context), item);
    }

    private static Token InContext(Token token, Context context) =>
        context == Context.Values && token is Token.In or Token.NotIn ? Token.Identifier : token;

    /// <summary>The lexer: blanks separate; the special symbols = ! ( ) , &gt; &lt; make the longest operator they can; a
    /// NUL ends the text, as Go's reader returns 0 at its end.</summary>
    private static Item Lex(string s, ref int position)
    {
        while (position < s.Length && IsWhitespace(s[position])) position++;
        if (position >= s.Length || s[position] == '\0') return new Item(Token.EndOfString, position, 0);
        int start = position;
        if (IsSpecial(s[position]))
        {
            var last = Token.Error;
            int length = 0;
            while (position < s.Length && IsSpecial(s[position]))
            {
                var token = Special(s.AsSpan(start, position - start + 1));
                if (token == Token.Error && last != Token.Error) break;
                position++;
                if (token != Token.Error)
                {
                    last = token;
                    length = position - start;
                }
            }
            position = start + length;
            return new Item(last, start, length);
        }
        while (position < s.Length && s[position] != '\0' && !IsSpecial(s[position]) && !IsWhitespace(s[position])) position++;
        var word = s.AsSpan(start, position - start);
        var keyword = word is "in" ? Token.In : word is "notin" ? Token.NotIn : Token.Identifier;
        return new Item(keyword, start, position - start);
    }

    private static Token Special(ReadOnlySpan<char> symbol) => symbol switch
    {
        ")" => Token.ClosedPar,
        "," => Token.Comma,
        "!" => Token.DoesNotExist,
        "==" => Token.DoubleEquals,
        "=" => Token.Equals,
        ">" => Token.GreaterThan,
        "<" => Token.LessThan,
        "!=" => Token.NotEquals,
        "(" => Token.OpenPar,
        _ => Token.Error,
    };

    private static bool IsWhitespace(char c) => c is ' ' or '\t' or '\r' or '\n';

    private static bool IsSpecial(char c) => c is '=' or '!' or '(' or ')' or ',' or '>' or '<';
}
