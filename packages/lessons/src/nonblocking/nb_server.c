#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <arpa/inet.h>
#include <sys/socket.h>
#include <errno.h>
#include <fcntl.h>

int main(void)
{
    int server_socket, client_socket, str_len;
    struct sockaddr_in server_addr, client_addr;
    socklen_t client_addr_size = sizeof(client_addr);
    char buff[1024];

    server_socket = socket(PF_INET, SOCK_STREAM, 0);
    fcntl(server_socket, F_SETFL, fcntl(server_socket, F_GETFL, 0) | O_NONBLOCK);

    memset(&server_addr, 0, sizeof(server_addr));
    server_addr.sin_family      = AF_INET;
    server_addr.sin_port        = htons(4000);
    server_addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (-1 == bind(server_socket, (struct sockaddr*)&server_addr, sizeof(server_addr)))
    { printf("bind() 실행 에러\n"); exit(1); }
    if (-1 == listen(server_socket, 5))
    { printf("대기상태 모드 설정 실패\n"); exit(1); }

    client_socket = accept(server_socket, (struct sockaddr*)&client_addr, &client_addr_size);
    if (-1 == client_socket && errno == EAGAIN)
        printf("no client yet\n");           /* try again later */

    /* ... later, when poll() says the listener is readable: */
    client_socket = accept(server_socket, (struct sockaddr*)&client_addr, &client_addr_size);
    fcntl(client_socket, F_SETFL, fcntl(client_socket, F_GETFL, 0) | O_NONBLOCK);

    str_len = read(client_socket, buff, sizeof(buff));      /* -1, EAGAIN: nothing yet */
    /* ... later, when poll() says readable: */
    str_len = read(client_socket, buff, sizeof(buff));
    printf("%.*s\n", str_len, buff);
    write(client_socket, "pong", 4);
    close(client_socket);
    close(server_socket);
    return 0;
}
