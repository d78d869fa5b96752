//! How a request reached the agency (申请方式), and which day 第三十一条 takes as the day it was
//! received. The channel is recorded and explained; it never shifts the date the caller gives.

use gongkai_model::Text;
use serde::Serialize;

/// The channel of a 政府信息公开申请, as the 台账 records it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Channel {
    /// 当面: handed in in person.
    InPerson,
    /// 邮寄: sent by post that needs a signature.
    Post,
    /// 信函: an ordinary letter, no signature needed.
    Letter,
    /// 网络: online.
    Online,
    /// 传真: by fax.
    Fax,
}

impl Channel {
    /// Every channel, in the 台账's order.
    pub const ALL: [Channel; 5] = [
        Channel::InPerson,
        Channel::Post,
        Channel::Letter,
        Channel::Online,
        Channel::Fax,
    ];

    /// The Chinese name: 当面, 邮寄, 信函, 网络, 传真.
    pub fn zh(self) -> &'static str {
        match self {
            Channel::InPerson => "当面",
            Channel::Post => "邮寄",
            Channel::Letter => "信函",
            Channel::Online => "网络",
            Channel::Fax => "传真",
        }
    }

    /// The English name.
    pub fn en(self) -> &'static str {
        match self {
            Channel::InPerson => "in person",
            Channel::Post => "post (signed for)",
            Channel::Letter => "ordinary letter",
            Channel::Online => "online",
            Channel::Fax => "fax",
        }
    }

    /// The channel of a Chinese name.
    pub fn from_zh(name: &str) -> Option<Channel> {
        Channel::ALL.into_iter().find(|c| c.zh() == name.trim())
    }

    /// Which day 第三十一条 takes as the day the request was received on this channel.
    pub fn receipt_rule(self) -> Text {
        match self {
            Channel::InPerson => Text::new(
                "第三十一条第（一）项：申请人当面提交的，以政府信息公开工作机构收到申请之日为收到申请之日。",
                "Article 31(1): handed in in person — the day the disclosure office received it.",
            ),
            Channel::Post => Text::new(
                "第三十一条第（二）项：以邮寄方式提交的，以政府信息公开工作机构签收之日为收到申请之日。",
                "Article 31(2): sent by post — the day the disclosure office signed for it.",
            ),
            Channel::Letter => Text::new(
                "第三十一条第（二）项：以平常信函等无需签收的邮寄方式提交的，政府信息公开工作机构应当于收到申请的当日与申请人确认，确认之日为收到申请之日。",
                "Article 31(2): an ordinary letter needing no signature — the office confirms with the applicant on the day it arrives; the day of confirmation.",
            ),
            Channel::Online => Text::new(
                "第三十一条第（三）项：通过互联网渠道提交的，以双方确认之日为收到申请之日。",
                "Article 31(3): online — the day both sides confirm receipt.",
            ),
            Channel::Fax => Text::new(
                "第三十一条第（三）项：通过政府信息公开工作机构的传真提交的，以双方确认之日为收到申请之日。",
                "Article 31(3): by the disclosure office's fax — the day both sides confirm receipt.",
            ),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_round_trip_and_every_channel_cites_article_31() {
        for c in Channel::ALL {
            assert_eq!(Channel::from_zh(c.zh()), Some(c));
            assert!(c.receipt_rule().zh.starts_with("第三十一条"));
            assert!(c.receipt_rule().en.starts_with("Article 31"));
        }
        assert_eq!(Channel::from_zh("电报"), None);
    }
}
