//! The legacy exception-handling scripts write `try` folded, `(try (do ...) (catch $t ...)
//! (catch_all ...))` or `(try (do ...) (delegate $l))`, which the `wast` crate does not parse
//! (it parses the flat `try ... catch ... end`). This rewrites the folded form into the flat
//! one, leaving everything else (strings, other instructions) as it was; comments go.

enum Node {
    Token(String),
    List(Vec<Node>),
}

/// Whether the script has a folded `try` (`(try` then a space or a line break; not `try_table`).
pub fn has_folded_try(text: &str) -> bool {
    text.match_indices("(try").any(|(at, _)| text[at + 4..].starts_with(|c: char| c.is_whitespace() || c == ')'))
}

/// The script with every folded `try` unfolded.
pub fn unfold_try(text: &str) -> String {
    let mut chars = text.char_indices().peekable();
    let mut stack: Vec<Vec<Node>> = vec![Vec::new()];
    while let Some((at, c)) = chars.next() {
        match c {
            '(' if chars.peek().map(|p| p.1) == Some(';') => {
                // Block comment, nesting.
                chars.next();
                let mut depth = 1;
                while depth > 0 {
                    match chars.next() {
                        Some((_, '(')) if chars.peek().map(|p| p.1) == Some(';') => {
                            chars.next();
                            depth += 1;
                        }
                        Some((_, ';')) if chars.peek().map(|p| p.1) == Some(')') => {
                            chars.next();
                            depth -= 1;
                        }
                        Some(_) => {}
                        None => break,
                    }
                }
            }
            ';' if chars.peek().map(|p| p.1) == Some(';') => {
                for (_, c) in chars.by_ref() {
                    if c == '\n' {
                        break;
                    }
                }
            }
            '(' => stack.push(Vec::new()),
            ')' => {
                let list = stack.pop().unwrap_or_default();
                match stack.last_mut() {
                    Some(parent) => parent.push(Node::List(list)),
                    None => stack.push(vec![Node::List(list)]),
                }
            }
            '"' => {
                let mut end = at + 1;
                let mut escaped = false;
                for (i, c) in chars.by_ref() {
                    end = i + c.len_utf8();
                    match c {
                        '\\' if !escaped => escaped = true,
                        '"' if !escaped => break,
                        _ => escaped = false,
                    }
                }
                stack.last_mut().unwrap().push(Node::Token(text[at..end].to_string()));
            }
            c if c.is_whitespace() => {}
            _ => {
                let mut end = at + c.len_utf8();
                while let Some(&(i, c)) = chars.peek() {
                    if c.is_whitespace() || c == '(' || c == ')' || c == '"' {
                        break;
                    }
                    end = i + c.len_utf8();
                    chars.next();
                }
                stack.last_mut().unwrap().push(Node::Token(text[at..end].to_string()));
            }
        }
    }
    let mut out = String::new();
    for n in stack.into_iter().flatten() {
        emit(&n, &mut out);
        out.push('\n');
    }
    out
}

fn head(list: &[Node]) -> Option<&str> {
    match list.first() {
        Some(Node::Token(t)) => Some(t),
        _ => None,
    }
}

fn emit(n: &Node, out: &mut String) {
    match n {
        Node::Token(t) => {
            out.push_str(t);
            out.push(' ');
        }
        Node::List(items) if head(items) == Some("try") && items.iter().any(|i| is_list(i, "do")) => {
            // try LABEL? BLOCKTYPE* (do ...) (catch TAG ...)* (catch_all ...)? | (delegate L)
            let mut delegated = false;
            for item in items {
                match item {
                    Node::List(inner) if matches!(head(inner), Some("do" | "catch" | "catch_all" | "delegate")) => {
                        let h = head(inner).unwrap();
                        if h != "do" {
                            out.push_str(h);
                            out.push(' ');
                        }
                        delegated |= h == "delegate";
                        inner[1..].iter().for_each(|i| emit(i, out));
                    }
                    other => emit(other, out),
                }
            }
            if !delegated {
                out.push_str("end ");
            }
        }
        Node::List(items) => {
            out.push('(');
            items.iter().for_each(|i| emit(i, out));
            out.push_str(") ");
        }
    }
}

fn is_list(n: &Node, name: &str) -> bool {
    matches!(n, Node::List(items) if head(items) == Some(name))
}
