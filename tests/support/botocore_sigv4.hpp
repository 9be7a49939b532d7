#pragma once
// botocore's SigV4Auth as the reference signer of the tests: the X-Amz-Date and Authorization it
// gives a DynamoDB POST with this body and X-Amz-Target, at 2026-11-21 08:30:00 UTC, for the AWS
// documentation's example keys and an optional session token.

#include "support/python.hpp"

#include <string>

namespace dynorm_test {

struct botocore_signature {
    std::string amz_date;
    std::string authorization;
};

inline botocore_signature botocore_sign(const std::string& body, const std::string& target, const std::string& region,
                                        const std::string& token) {
    const std::string out = run_python(R"PY(
import datetime, sys
from unittest import mock
from botocore.auth import SigV4Auth
from botocore.awsrequest import AWSRequest
from botocore.credentials import Credentials
body, target, region, token = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4] or None
req = AWSRequest(method="POST", url="https://dynamodb." + region + ".amazonaws.com/", data=body.encode(),
                 headers={"Content-Type": "application/x-amz-json-1.0", "X-Amz-Target": target})
fixed = datetime.datetime(2026, 11, 21, 8, 30, 0)
with mock.patch("botocore.auth.datetime") as dt:
    dt.datetime.utcnow.return_value = fixed
    dt.datetime.now.return_value = fixed.replace(tzinfo=datetime.timezone.utc)
    SigV4Auth(Credentials("AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY", token), "dynamodb", region).add_auth(req)
print(req.headers["X-Amz-Date"])
print(req.headers["Authorization"])
)PY",
                                       {body, target, region, token});
    const auto newline = out.find('\n');
    return {out.substr(0, newline), out.substr(newline + 1, out.size() - newline - 2)};
}

} // namespace dynorm_test
