"""Writes Exchange Server's CSV logs (HttpProxy, ECP Server, OAB generator) and IIS W3C lines for the examples.

Layouts follow the formats described in docs/exchange.md: a #Software/#Version/#Log-type/#Date/#Fields header,
then RFC 4180 rows (a value holding a comma, quote or line break is quoted, its quotes doubled).
"""

HTTPPROXY_FIELDS = (
    "DateTime,RequestId,MajorVersion,MinorVersion,BuildVersion,RevisionVersion,ClientRequestId,Protocol,UrlHost,"
    "UrlStem,ProtocolAction,AuthenticationType,IsAuthenticated,AuthenticatedUser,Organization,AnchorMailbox,UserAgent,"
    "ClientIpAddress,ServerHostName,HttpStatus,BackEndStatus,ErrorCode,Method,ProxyAction,TargetServer,"
    "TargetServerVersion,RoutingType,RoutingHint,BackEndCookie,ServerLocatorHost,ServerLocatorLatency,RequestBytes,"
    "ResponseBytes,TargetOutstandingRequests,AuthModulePerfContext,HttpPipelineLatency,CalculateTargetBackEndLatency,"
    "GlsLatencyBreakup,TotalGlsLatency,AccountForestLatencyBreakup,TotalAccountForestLatency,"
    "ResourceForestLatencyBreakup,TotalResourceForestLatency,ADLatency,SharedCacheLatencyBreakup,"
    "TotalSharedCacheLatency,ActivityContextLifeTime,ModuleToHandlerSwitchingLatency,ClientReqStreamLatency,"
    "BackendReqInitLatency,BackendReqStreamLatency,BackendProcessingLatency,BackendRespInitLatency,"
    "BackendRespStreamLatency,ClientRespStreamLatency,KerberosAuthHeaderLatency,HandlerCompletionLatency,"
    "RequestHandlerLatency,HandlerToModuleSwitchingLatency,ProxyTime,CoreLatency,RoutingLatency,HttpProxyOverhead,"
    "TotalRequestTime,RouteRefresherLatency,UrlQuery,BackEndGenericInfo,GenericInfo,GenericErrors,EdgeTraceId,"
    "DatabaseGuid,UserADObjectGuid,PartitionEndpointLookupLatency,RoutingStatus").split(",")
# Exchange 2016 CU18 and older: no EdgeTraceId … RoutingStatus at the end.
HTTPPROXY_FIELDS_OLD = HTTPPROXY_FIELDS[:HTTPPROXY_FIELDS.index("EdgeTraceId")]
ECP_FIELDS = ["TimeStamp", "ServerName", "EventId", "EventData"]
OAB_FIELDS = ["Timestamp", "Level", "ThreadId", "Source", "Message"]


def csv_cell(value):
    value = "" if value is None else str(value)
    if any(character in value for character in ',"\r\n'):
        return '"' + value.replace('"', '""') + '"'
    return value


def csv_row(fields, values):
    return ",".join(csv_cell(values.get(name, "")) for name in fields)


def header(log_type, version, date, fields):
    return ["#Software: Microsoft Exchange Server", "#Version: " + version, "#Log-type: " + log_type,
            "#Date: " + date, "#Fields: " + ",".join(fields)]


def iso(moment):
    return moment.strftime("%Y-%m-%dT%H:%M:%S.") + "%03dZ" % (moment.microsecond // 1000)


def write(path, lines):
    import os
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w", encoding="utf-8", newline="\r\n") as out:
        for line in lines:
            out.write(line + "\n")
