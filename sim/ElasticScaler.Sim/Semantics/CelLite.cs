using System.Globalization;
using System.Text.Json.Nodes;

namespace ElasticScaler.Sim.Semantics;

/// <summary>
/// A small subset of CEL for x-kubernetes-validations: literals (int, double, string, bool, null), <c>self</c> and field
/// access, <c>has(self.x)</c>, <c>size()</c>, <c>! &amp;&amp; || == != &lt; &lt;= &gt; &gt;= + - * /</c>, the ternary and
/// parentheses. A rule outside the subset is not evaluated (TryEvaluate returns null); docs/sim.md says so.
/// </summary>
public static class CelLite
{
    private sealed class Unsupported : Exception;

    /// <summary>True/false for a rule the subset understands; null when it does not (or evaluation fails).</summary>
    public static bool? TryEvaluate(string rule, JsonNode? self)
    {
        try
        {
            var p = new Parser(Tokenize(rule), self);
            var value = p.Ternary();
            if (!p.AtEnd)
                return null;
            return value is bool b ? b : null;
        }
        catch (Unsupported)
        {
            return null;
        }
    }

    private static List<string> Tokenize(string s)
    {
        var tokens = new List<string>();
        var i = 0;
        while (i < s.Length)
        {
            var c = s[i];
            if (char.IsWhiteSpace(c)) { i++; continue; }
            if (char.IsLetter(c) || c == '_')
            {
                var start = i;
                while (i < s.Length && (char.IsLetterOrDigit(s[i]) || s[i] == '_')) i++;
                tokens.Add(s[start..i]);
                continue;
            }
            if (char.IsDigit(c))
            {
                var start = i;
                while (i < s.Length && (char.IsDigit(s[i]) || s[i] == '.')) i++;
                tokens.Add(s[start..i]);
                continue;
            }
            if (c is '"' or '\'')
            {
                var end = s.IndexOf(c, i + 1);
                if (end < 0) throw new Unsupported();
                tokens.Add("\"" + s[(i + 1)..end]);
                i = end + 1;
                continue;
            }
            var two = i + 1 < s.Length ? s.Substring(i, 2) : "";
            if (two is "&&" or "||" or "==" or "!=" or "<=" or ">=")
            {
                tokens.Add(two);
                i += 2;
                continue;
            }
            if ("!<>()+-*/.?:,".Contains(c)) { tokens.Add(c.ToString()); i++; continue; }
            throw new Unsupported();
        }
        return tokens;
    }

    private sealed class Parser(List<string> tokens, JsonNode? self)
    {
        private int _pos;
        public bool AtEnd => _pos == tokens.Count;
        private string? Peek => _pos < tokens.Count ? tokens[_pos] : null;
        private bool Eat(string t) { if (Peek != t) return false; _pos++; return true; }
        private void Expect(string t) { if (!Eat(t)) throw new Unsupported(); }

        public object? Ternary()
        {
            var cond = Or();
            if (!Eat("?"))
                return cond;
            var a = Ternary();
            Expect(":");
            var b = Ternary();
            return cond is bool c ? (c ? a : b) : throw new Unsupported();
        }

        private object? Or()
        {
            var left = And();
            while (Eat("||"))
            {
                var right = And();
                left = Bool(left) || Bool(right);
            }
            return left;
        }

        private object? And()
        {
            var left = Compare();
            while (Eat("&&"))
            {
                var right = Compare();
                left = Bool(left) && Bool(right);
            }
            return left;
        }

        private object? Compare()
        {
            var left = Sum();
            foreach (var op in new[] { "==", "!=", "<=", ">=", "<", ">" })
            {
                if (!Eat(op))
                    continue;
                var right = Sum();
                return op switch
                {
                    "==" => Equals(left, right),
                    "!=" => !Equals(left, right),
                    _ => CompareNumbersOrStrings(left, right, op),
                };
            }
            return left;
        }

        private object? Sum()
        {
            var left = Product();
            while (Peek is "+" or "-")
            {
                var op = tokens[_pos++];
                var right = Product();
                left = op == "+" && left is string ls && right is string rs ? ls + rs : Arith(left, right, op);
            }
            return left;
        }

        private object? Product()
        {
            var left = Unary();
            while (Peek is "*" or "/")
            {
                var op = tokens[_pos++];
                left = Arith(left, Unary(), op);
            }
            return left;
        }

        private object? Unary()
        {
            if (Eat("!"))
                return !Bool(Unary());
            if (Eat("-"))
                return Arith(0L, Unary(), "-");
            return Postfix(Primary());
        }

        private object? Postfix(object? value)
        {
            while (Eat("."))
            {
                var name = tokens[_pos++];
                if (name == "size" && Eat("("))
                {
                    Expect(")");
                    value = Size(value);
                    continue;
                }
                value = value is JsonObject o && o.TryGetPropertyValue(name, out var child) ? Unwrap(child) : throw new Unsupported();
            }
            return value;
        }

        private object? Primary()
        {
            var t = Peek ?? throw new Unsupported();
            _pos++;
            if (t == "(")
            {
                var v = Ternary();
                Expect(")");
                return v;
            }
            if (t == "has")
            {
                Expect("(");
                var path = new List<string>();
                Expect("self");
                while (Eat("."))
                    path.Add(tokens[_pos++]);
                Expect(")");
                if (path.Count == 0) throw new Unsupported();
                JsonNode? node = self;
                foreach (var part in path[..^1])
                    node = node is JsonObject o ? o[part] : throw new Unsupported();
                return node is JsonObject last && last.ContainsKey(path[^1]);
            }
            if (t == "size")
            {
                Expect("(");
                var v = Ternary();
                Expect(")");
                return Size(v);
            }
            if (t == "self") return Unwrap(self);
            if (t == "true") return true;
            if (t == "false") return false;
            if (t == "null") return null;
            if (t.StartsWith('"')) return t[1..];
            if (char.IsDigit(t[0]))
                return t.Contains('.') ? double.Parse(t, CultureInfo.InvariantCulture) : long.Parse(t, CultureInfo.InvariantCulture);
            throw new Unsupported();
        }

        // Every arm is cast to object: JsonNode's implicit conversions would otherwise turn the primitives back into JsonNodes.
        private static object? Unwrap(JsonNode? n) => n switch
        {
            null => null,
            JsonValue v when JsonPath.Long(v) is { } l => (object)l,
            JsonValue v when v.TryGetValue<double>(out var d) => (object)d,
            JsonValue v when v.TryGetValue<bool>(out var b) => (object)b,
            JsonValue v when v.TryGetValue<string>(out var s) => (object)s,
            _ => (object)n,
        };

        private static long Size(object? v) => v switch
        {
            string s => s.Length,
            JsonArray a => a.Count,
            JsonObject o => o.Count,
            _ => throw new Unsupported(),
        };

        private static bool Bool(object? v) => v is bool b ? b : throw new Unsupported();

        private static new bool Equals(object? a, object? b) =>
            (a, b) switch
            {
                (long x, double y) => x == y,
                (double x, long y) => x == y,
                (JsonNode x, JsonNode y) => JsonNode.DeepEquals(x, y),
                _ => object.Equals(a, b),
            };

        private static bool CompareNumbersOrStrings(object? a, object? b, string op)
        {
            int c = (a, b) switch
            {
                (string x, string y) => string.CompareOrdinal(x, y),
                _ when Num(a) is { } x && Num(b) is { } y => x.CompareTo(y),
                _ => throw new Unsupported(),
            };
            return op switch { "<" => c < 0, "<=" => c <= 0, ">" => c > 0, _ => c >= 0 };
        }

        private static object Arith(object? a, object? b, string op)
        {
            if (a is long x && b is long y)
                return op switch { "+" => x + y, "-" => x - y, "*" => x * y, _ => y == 0 ? throw new Unsupported() : x / y };
            var (p, q) = (Num(a) ?? throw new Unsupported(), Num(b) ?? throw new Unsupported());
            return op switch { "+" => p + q, "-" => p - q, "*" => p * q, _ => p / q };
        }

        private static double? Num(object? v) => v switch { long l => l, double d => d, _ => null };
    }
}
