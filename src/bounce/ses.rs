//! Amazon SES notifications that arrive as email (through SNS): the bounce, delivery or
//! complaint is a JSON document in the body, not a report.

use super::status::Evidence;
use super::{Action, Bounce, Kind, MAX_RECIPIENTS, Recipient};
use serde_json::Value;

/// The notification in `text`, if the text holds one.
pub(super) fn read(text: &str) -> Option<Bounce> {
    let start = text.find("{\"")?;
    // Lines over 990 octets are folded on the way with `!` and a line break (as sendmail
    // does), inside the JSON's strings too.
    let json = text[start..].replace("!\r\n ", "").replace("!\n ", "");
    let mut documents = serde_json::Deserializer::from_str(&json).into_iter::<Value>();
    let mut document = documents.next()?.ok()?;
    // SNS wraps the notification, as a string, in its own message.
    if let Some(inner) = document.get("Message").and_then(Value::as_str) {
        document = serde_json::from_str(inner).ok()?;
    }
    let (kind, list, section) = match document.get("notificationType")?.as_str()? {
        "Bounce" => (Kind::DeliveryStatus, "bouncedRecipients", "bounce"),
        "Delivery" => (Kind::DeliveryStatus, "recipients", "delivery"),
        "Complaint" => (Kind::Feedback, "complainedRecipients", "complaint"),
        _ => return None,
    };
    let section = document.get(section)?;
    let reply = section.get("smtpResponse").and_then(Value::as_str);
    let recipients = section
        .get(list)?
        .as_array()?
        .iter()
        .take(MAX_RECIPIENTS)
        .map(|entry| recipient(entry, kind, reply))
        .collect();
    Some(Bounce {
        kind: Some(kind),
        reporting_mta: section
            .get("reportingMTA")
            .and_then(Value::as_str)
            .map(|mta| mta.trim_start_matches("dsn;").trim().to_owned()),
        recipients,
        ..Bounce::default()
    })
}

/// A recipient: an object with its fields (bounces, complaints) or a bare address
/// (deliveries, whose reply is the section's).
fn recipient(entry: &Value, kind: Kind, reply: Option<&str>) -> Recipient {
    let field = |name: &str| entry.get(name).and_then(Value::as_str);
    let address = entry.as_str().or_else(|| field("emailAddress"));
    let diagnostic = field("diagnosticCode")
        .map(|d| d.split_once(';').map_or(d, |(_, text)| text).trim())
        .or(reply);
    let mut evidence = Evidence::default();
    if let Some(diagnostic) = diagnostic {
        evidence.reply(diagnostic);
        evidence.other(diagnostic);
    }
    if let Some(status) = field("status") {
        evidence.status_field(status);
    }
    let (status, reply_code) = evidence.decide();
    let action = match kind {
        Kind::Feedback => None,
        _ if entry.is_string() => Some(Action::Delivered),
        _ => field("action").and_then(Action::from_field),
    };
    Recipient {
        address: address.map(str::to_owned),
        action,
        status,
        reply_code,
        diagnostic: diagnostic.map(str::to_owned),
        ..Recipient::default()
    }
}
